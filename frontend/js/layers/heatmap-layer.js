// Density heatmap: server-rendered tiles (one colour scale per layer, pinned by the legend's tile
// URL), a legend of the scale's breaks in features per km², and the top density peaks as markers.
// The controls live in panels/heatmap-panel.js, which calls api.setOptions().
import L from '../leaflet-global.js';
import * as api from '../api.js';
import { el, replaceChildren } from '../lib/dom.js';
import { attributeTable } from '../lib/format.js';
import { formatDensity } from '../lib/heatmap.js';

/** How many peaks are marked. */
export const HEATMAP_PEAKS = 10;

export function createHeatmapLayer(ctx) {
  const { map, t } = ctx;
  // Tiles above the vector canvas (so grid fills do not wash them out) but below the markers;
  // tile panes take no pointer events, so the grids and features underneath stay clickable.
  const pane = map.createPane('heatmap');
  pane.style.zIndex = 450;
  pane.style.pointerEvents = 'none';

  const options = { types: ctx.featureTypes.map((ft) => ft.key), radiusMeters: 200, from: null, to: null, opacity: 0.75, source: 'features' };
  const tiles = L.tileLayer('', { pane: 'heatmap', tileSize: 256, opacity: options.opacity, maxZoom: 22, className: 'heatmap-tiles' });
  const peaks = L.layerGroup();
  // The tiles join the group once a legend has given their URL (an empty template would fetch the page).
  const group = L.layerGroup([peaks]);

  let legend = null; // the last legend answer, or null
  let hotspots = [];
  let problem = null; // the last refusal's message
  let controller = null;
  let tilesLoading = false;
  let tileUrl = null; // the template the tiles use now

  tiles.on('loading', () => { tilesLoading = true; });
  tiles.on('load', () => { tilesLoading = false; });

  const legendControl = L.control({ position: 'bottomleft' });
  legendControl.onAdd = () => {
    const div = L.DomUtil.create('div', 'legend heatmap-legend leaflet-bar');
    L.DomEvent.disableClickPropagation(div);
    return div;
  };

  function drawLegend() {
    const div = legendControl.getContainer();
    if (!div) return;
    if (!legend) {
      replaceChildren(div, el('h4', {}, t(legendTitle())), problem ? el('p', { class: 'form-error' }, problem) : null);
      return;
    }
    const rows = [...legend.breaks].reverse().map((b) => el('div', { class: 'legend-row heatmap-break', dataset: { value: b.value } },
      el('span', { class: 'swatch-heat', style: { background: b.color, opacity: b.opacity } }),
      el('span', { class: 'heatmap-break-value' }, formatDensity(b.value, ctx.language))));
    const peakRow = el('div', { class: 'legend-row heatmap-peak-row' },
      el('span', { class: 'heatmap-peak heatmap-peak-swatch' }), el('span', {}, t('heatmap.peak.legend')));
    replaceChildren(div, el('h4', {}, t(legendTitle())),
      el('div', { class: 'help' }, t('heatmap.legend.unit', { radius: legend.radiusMeters })), rows, peakRow);
  }

  // Positive inspections are counted per km² like features, but they are findings, not sites.
  const legendTitle = () => (options.source === 'inspections' ? 'heatmap.legend.titleInspections'
    : options.source === 'cases' ? 'heatmap.legend.titleCases' : 'heatmap.legend.title');

  function drawPeaks() {
    peaks.clearLayers();
    for (const spot of hotspots) {
      // A hollow ring, not a numbered disc: numbered discs are the route's stops. The rank is in the
      // title and the popup.
      const icon = L.divIcon({ className: 'heatmap-peak', html: '', iconSize: [20, 20] });
      const marker = L.marker([spot.lat, spot.lon], { icon, title: t('heatmap.peak.title', { rank: spot.rank }), zIndexOffset: 1000 - spot.rank });
      marker.bindPopup(() => el('div', { class: 'popup heatmap-peak-popup' }, el('h3', {}, t('heatmap.peak.title', { rank: spot.rank })),
        attributeTable([
          [t('heatmap.peak.density'), `${formatDensity(spot.densityPerKm2, ctx.language)} ${t('heatmap.unit')}`],
          [t('heatmap.peak.grid'), spot.gridCode || t('heatmap.peak.noGrid')],
          [t('heatmap.peak.place'), `${spot.lon.toFixed(5)}, ${spot.lat.toFixed(5)}`],
        ])));
      marker.spotRank = spot.rank;
      peaks.addLayer(marker);
    }
  }

  /** Asks for the legend (which gives the tile URL with the scale pinned) and the peaks. */
  async function reload({ redraw = false } = {}) {
    if (!map.hasLayer(group)) return;
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    // Sources other than features and inspections read an empty list as every class.
    if (options.types.length === 0 && (options.source !== 'cases' || options.noClass)) {
      legend = null; hotspots = []; problem = t('heatmap.noType');
      group.removeLayer(tiles);
      drawLegend(); drawPeaks(); ctx.emit('heatmap-changed', {});
      return;
    }
    const params = { types: options.types, radiusMeters: options.radiusMeters, from: options.from, to: options.to, source: options.source };
    try {
      const [newLegend, newHotspots] = await Promise.all([
        api.getHeatmapLegend(params, mine.signal), api.getHeatmapHotspots(params, HEATMAP_PEAKS, mine.signal)]);
      if (controller !== mine) return;
      legend = newLegend; hotspots = newHotspots; problem = null;
      const url = api.heatmapTileUrl(legend);
      // Also for the same URL after an edit: the server's tiles changed, Leaflet's did not. Removed and
      // added rather than redraw(): redraw() at a fractional zoom asks for tiles at z=15.5.
      if (!group.hasLayer(tiles) || redraw || tileUrl !== url) {
        group.removeLayer(tiles);
        tiles.setUrl(url, true);
        group.addLayer(tiles);
      }
      tileUrl = url;
    } catch (e) {
      if (e.name === 'AbortError' || controller !== mine) return;
      legend = null; hotspots = []; problem = e.message;
      group.removeLayer(tiles);
      ctx.toast(e.message, 'error');
    }
    drawLegend();
    drawPeaks();
    ctx.emit('heatmap-changed', {});
  }

  map.on('overlayadd', (e) => { if (e.layer === group) { legendControl.addTo(map); drawLegend(); reload(); ctx.emit('heatmap-changed', {}); } });
  map.on('overlayremove', (e) => { if (e.layer === group) { legendControl.remove(); ctx.emit('heatmap-changed', {}); } });
  ctx.on('features-changed', () => reload({ redraw: true }));

  const heatmapApi = {
    /** Shows or hides the heatmap (the layer control follows). */
    show(on) {
      if (on === map.hasLayer(group)) return;
      if (on) {
        group.addTo(map);
        legendControl.addTo(map);
        drawLegend();
        reload();
      } else {
        group.remove();
        legendControl.remove();
      }
      ctx.emit('heatmap-changed', {});
    },
    visible: () => map.hasLayer(group),
    options: () => ({ ...options }),
    /** Changes some of { types, radiusMeters, from, to, opacity }; reloads when more than the opacity changed. */
    setOptions(changes) {
      const before = JSON.stringify({ ...options, opacity: 0 });
      Object.assign(options, changes);
      tiles.setOpacity(options.opacity);
      if (JSON.stringify({ ...options, opacity: 0 }) !== before) reload();
    },
    /** Opens the popup of peak `rank` (1 = highest). */
    openPeak(rank) {
      peaks.eachLayer((m) => { if (m.spotRank === rank) m.openPopup(); });
    },
    refresh: () => reload({ redraw: true }),
    stats: () => ({
      heatmapOn: map.hasLayer(group),
      heatmapTilesLoading: map.hasLayer(group) && tilesLoading,
      heatmapPeaks: peaks.getLayers().length,
      heatmapMax: legend ? legend.max : null,
    }),
  };

  return {
    overlays: [{ id: 'heatmap', label: t('layer.heatmap'), layer: group }],
    legend: [{ swatch: el('span', { class: 'swatch-heat swatch-heat-ramp' }), label: t('layer.heatmap') }],
    api: heatmapApi,
  };
}
