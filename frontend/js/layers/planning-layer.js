// A planning tool's proposal on the map: proposed grids coloured by what would change (new, reshaped,
// renamed), grids flagged by the workload balance outlined in red, each with its measures in a
// tooltip. Also draws the line a split needs.
import L from 'leaflet';
import { formatArea } from '../lib/format.js';
import { RANK, restack, stackAt } from './stacking.js';

const CHANGE_COLORS = { new: '#2e7d32', reshaped: '#ef6c00', renamed: '#1565c0', unchanged: '#78909c' };
const LINE_STYLE = { color: '#c62828', weight: 3, dashArray: '6 4' };

export function createPlanningLayer(ctx) {
  const { map, renderer, t, language } = ctx;
  const proposal = L.geoJSON(null, {
    renderer,
    style: (f) => {
      const flagged = (f.properties.flags || []).length > 0;
      return {
        color: flagged ? '#d50000' : CHANGE_COLORS[f.properties.change] || '#ef6c00',
        weight: flagged ? 4 : 2,
        dashArray: flagged ? '8 5' : null,
        fillColor: CHANGE_COLORS[f.properties.change] || '#ef6c00',
        fillOpacity: 0.25,
      };
    },
    onEachFeature: (f, layer) => layer.bindTooltip(() => describe(f), { sticky: true }),
  });
  stackAt(RANK.drafts - 1, proposal);
  let line = null;

  function describe(f) {
    const p = f.properties;
    const flags = (p.flags || []).map((k) => t(`planning.flag.${k}`)).join('、');
    return `<strong>${p.code}</strong> · ${t(`planning.change.${p.change}`)}<br>`
      + `${t('planning.area')}: ${formatArea(p.areaM2, language)}<br>`
      + `${t('planning.streetLength')}: ${Math.round(p.streetLengthM)} ${t('planning.metres')}<br>`
      + `${t('planning.stops')}: ${p.stops}`
      + (flags ? `<br><span class="planning-flags">${flags}</span>` : '');
  }

  return {
    overlays: [{ id: 'planning', label: t('layer.planning'), layer: proposal }],
    legend: [],
    api: {
      /** Shows a proposal (FeatureCollection) and zooms to it. */
      show(collection) {
        proposal.clearLayers();
        proposal.addData(collection);
        if (!map.hasLayer(proposal)) proposal.addTo(map);
        restack(map);
        if (proposal.getLayers().length) map.fitBounds(proposal.getBounds(), { maxZoom: 18 });
      },
      clear() {
        proposal.clearLayers();
        if (line) { map.removeLayer(line); line = null; }
      },
      /** Lets the user draw a line (double-click ends it); resolves to its GeoJSON geometry (lon,lat). */
      drawLine() {
        if (line) { map.removeLayer(line); line = null; }
        return new Promise((resolve) => {
          const handler = new L.Draw.Polyline(map, { shapeOptions: LINE_STYLE });
          const done = (e) => {
            if (e.layerType !== 'polyline') return;
            map.off(L.Draw.Event.CREATED, done);
            line = e.layer.addTo(map);
            resolve(line.toGeoJSON().geometry);
          };
          map.on(L.Draw.Event.CREATED, done);
          handler.enable();
        });
      },
      describe,
      stats: () => ({ planningGrids: proposal.getLayers().length }),
    },
  };
}
