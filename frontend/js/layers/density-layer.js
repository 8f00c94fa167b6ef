// Vector density levels: the grids of one level (small, large, the district) filled by their grade
// A/B/C/FAIL/"insufficient data" for a period, from /api/density?format=geojson, with a legend of
// the grades while shown. A click selects a grid; the density panel shows its indicators and trend.
import L from '../leaflet-global.js';
import * as api from '../api.js';
import { el, replaceChildren } from '../lib/dom.js';
import { countByGrade, GRADES, gradeColor, gridGrade } from '../lib/density.js';
import { RANK, restack, stackAt } from './stacking.js';

export function createDensityLayer(ctx) {
  const { map, renderer, t } = ctx;
  /** What is shown: { level, from, to, by } (by: 'overall' or a vector). */
  let settings = null;
  let answer = null; // the last FeatureCollection
  let selectedCode = null;
  let controller = null;

  const grids = L.geoJSON(null, {
    renderer,
    style: (f) => ({
      color: f.properties.code === selectedCode ? '#0d47a1' : '#37474f',
      weight: f.properties.code === selectedCode ? 3 : 1,
      opacity: 0.9,
      fillColor: gradeColor(gridGrade(f.properties, settings ? settings.by : 'overall')),
      fillOpacity: 0.75,
      densityGrid: true, // tells these polygons apart from the small-grid layer's (tests)
    }),
    onEachFeature: (f, layer) => {
      layer.on('click', () => select(f.properties.code));
      layer.bindTooltip(() => el('span', {}, `${f.properties.name || ''} ${f.properties.code || ''} · ${
        t(`density.grade.${gridGrade(f.properties, settings.by)}`)}`), { sticky: true });
    },
  });
  stackAt(RANK.density, grids);

  const legendControl = L.control({ position: 'bottomleft' });
  legendControl.onAdd = () => {
    const div = L.DomUtil.create('div', 'legend density-legend leaflet-bar');
    L.DomEvent.disableClickPropagation(div);
    return div;
  };

  function drawLegend() {
    const div = legendControl.getContainer();
    if (!div || !answer) return;
    const counts = countByGrade(answer.features.map((f) => f.properties), settings.by);
    replaceChildren(div, el('h4', {}, t('density.legend.title', { by: t(`density.by.${settings.by}`) })),
      GRADES.map((g) => el('div', { class: 'legend-row density-grade', dataset: { grade: g } },
        el('span', { class: 'swatch-grade', style: { background: gradeColor(g) } }),
        el('span', {}, t(`density.grade.${g}`)), el('span', { class: 'density-count' }, counts[g]))));
  }

  /** Loads and shows the grades for { level, from, to, by }; rejects (leaving the view as it was) on a refusal. */
  async function show(wanted) {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const collection = await api.getDensity({ level: wanted.level, from: wanted.from, to: wanted.to, geojson: true }, mine.signal);
    if (controller !== mine) return answer;
    settings = { ...wanted };
    answer = collection;
    if (!answer.features.some((f) => f.properties.code === selectedCode)) selectedCode = null;
    grids.clearLayers();
    grids.addData(answer);
    if (!map.hasLayer(grids)) grids.addTo(map);
    if (!legendControl.getContainer() || !legendControl.getContainer().parentNode) legendControl.addTo(map);
    drawLegend();
    restack(map);
    ctx.emit('density-changed', { settings, grids: answer.features.map((f) => f.properties) });
    if (selectedCode) select(selectedCode);
    return answer;
  }

  /** Only the colouring changes (no request). */
  function colourBy(by) {
    if (!settings) return;
    settings.by = by;
    grids.setStyle((f) => grids.options.style(f));
    drawLegend();
  }

  function select(code) {
    const feature = answer && answer.features.find((f) => f.properties.code === code);
    selectedCode = feature ? code : null;
    grids.setStyle((f) => grids.options.style(f));
    ctx.emit('density-selected', feature ? { grid: feature.properties, settings: { ...settings } } : null);
  }

  function hide() {
    controller?.abort();
    if (map.hasLayer(grids)) map.removeLayer(grids);
    legendControl.remove();
    ctx.emit('density-selected', null);
  }

  map.on('overlayadd', (e) => { if (e.layer === grids && settings) { legendControl.addTo(map); drawLegend(); } });
  map.on('overlayremove', (e) => { if (e.layer === grids) legendControl.remove(); });

  return {
    overlays: [{ id: 'density', label: t('layer.density'), layer: grids }],
    // The grade legend is its own control, shown only with the layer (see drawLegend).
    legend: [],
    api: {
      show, hide, select, colourBy,
      shown: () => map.hasLayer(grids),
      settings: () => (settings ? { ...settings } : null),
      /** The fill colour drawn for grid `code` (for tests and the panel). */
      fillOf: (code) => {
        let color = null;
        grids.eachLayer((l) => { if (l.feature.properties.code === code) color = l.options.fillColor; });
        return color;
      },
      stats: () => ({ densityGrids: grids.getLayers().length, densitySelected: selectedCode }),
    },
  };
}
