// The topology view: every problem GET /api/topology reports, outlined on the map (areas as
// dashed outlines, features in no grid as rings). Loaded on request; the panel lists the problems.
import L from '../leaflet-global.js';
import { el } from '../lib/dom.js';
import { formatArea } from '../lib/format.js';
import * as api from '../api.js';
import { geometryBbox } from '../lib/viewport.js';
import { RANK, restack, stackAt } from './stacking.js';

/** Outline colour per problem kind. */
export const TOPOLOGY_COLORS = {
  districtUncovered: '#ffab00', largeGap: '#dd2c00', outsideDistrict: '#2962ff',
  gap: '#d50000', overlap: '#aa00ff', outsideParent: '#ff6d00', noParent: '#6d4c41',
  noResponsiblePerson: '#0091ea', featureInNoGrid: '#c51162',
};

export function createTopologyLayer(ctx) {
  const { map, renderer, t, language } = ctx;
  let problems = [];

  const outlines = L.geoJSON(null, {
    renderer,
    style: (f) => ({ color: TOPOLOGY_COLORS[f.properties.kind] || '#d50000', weight: 3, dashArray: '8 5', fill: true, fillOpacity: 0.12 }),
    pointToLayer: (f, latlng) => L.circleMarker(latlng, {
      renderer, radius: 9, color: TOPOLOGY_COLORS[f.properties.kind] || '#d50000', weight: 3, fill: false,
    }),
    onEachFeature: (f, layer) => layer.bindTooltip(el('span', {}, describe(f))), // text, never HTML
  });

  function describe(f) {
    const p = f.properties;
    const kind = t(`topology.kind.${p.kind}`);
    if (p.featureId) return `${kind} · #${p.featureId}`;
    const grids = [p.gridCode, p.otherGridCode].filter(Boolean).join(' / ');
    const area = p.areaM2 > 0 ? formatArea(p.areaM2, language) : '';
    return [kind, grids, area].filter(Boolean).join(' · ');
  }

  /** Fetches and draws every problem; resolves to { problems, summary }. */
  async function load() {
    const collection = await api.getTopology();
    problems = collection.features;
    outlines.clearLayers();
    outlines.addData(collection);
    if (!map.hasLayer(outlines)) outlines.addTo(map);
    restack(map);
    const result = { problems, summary: collection.summary || {} };
    ctx.emit('topology-changed', result);
    return result;
  }

  /** Zooms the map to problem number `index` (0-based, in the order load() returned them). */
  function focus(index) {
    const problem = problems[index];
    if (!problem) return;
    if (!map.hasLayer(outlines)) outlines.addTo(map);
    ctx.view.zoomTo(geometryBbox(problem.geometry));
  }

  // Once checked, keep the outlines current after edits.
  const reload = () => { if (problems.length || map.hasLayer(outlines)) load().catch((e) => ctx.toast(e.message, 'error')); };
  ctx.on('grids-changed', reload);
  ctx.on('features-changed', reload);
  stackAt(RANK.coverage + 1, outlines);

  return {
    overlays: [{ id: 'topology', label: t('layer.topology'), layer: outlines }],
    legend: [], // the topology panel lists and names every problem
    api: { load, focus, describe, stats: () => ({ topologyProblems: outlines.getLayers().length }) },
  };
}
