// The coverage view: small grids in the view filled by the share of their area within a radius of
// a feature type (default rat-bait stations, 20 m), and the uncovered parts of a selected grid hatched.
import L from '../leaflet-global.js';
import { svg } from '../lib/dom.js';
import * as api from '../api.js';
import { classOf, coverageClasses } from '../lib/coverage-classes.js';
import { bboxAreaKm2 } from '../lib/viewport.js';
import { RANK, restack, stackAt } from './stacking.js';
import { viewportLoader } from './viewport-loader.js';

/** Like the small grids, coverage is drawn only when the view covers at most this much ground. */
const COVERAGE_MAX_VIEW_KM2 = 25;
const HATCH_ID = 'gridwatch-coverage-hatch';
export const DEFAULT_COVERAGE = { type: 'rat_bait_station', radiusMeters: 20 };

export function createCoverageLayer(ctx) {
  const { map, renderer, t } = ctx;
  let settings = { ...DEFAULT_COVERAGE };
  let table = null; // the last /api/coverage answer
  let rowsByCode = new Map();
  let classes = [];
  let selected = null; // { code, gaps }

  const grids = L.geoJSON(null, {
    renderer,
    style: (f) => {
      const row = rowsByCode.get(f.properties.code);
      return {
        color: '#455a64', weight: f.properties.code === selected?.code ? 3 : 1, opacity: 0.9,
        fillColor: row && classes.length ? classes[classOf(classes, row.coveredShare)].color : '#b0bec5', fillOpacity: 0.7,
      };
    },
    onEachFeature: (f, layer) => layer.on('click', () => select(f.properties.code)),
  });
  // The gaps get their own SVG renderer: a canvas cannot fill with a pattern, an SVG path can
  // (Leaflet writes fillColor into the fill attribute, so url(#…) names the hatch pattern).
  const gapRenderer = L.svg({ padding: 0.2 });
  const gaps = L.geoJSON(null, {
    renderer: gapRenderer, interactive: false,
    style: () => ({ color: '#b71c1c', weight: 1.5, dashArray: '4 3', fillColor: `url(#${HATCH_ID})`, fillOpacity: 1 }),
  });
  const group = L.layerGroup([grids, gaps]);
  addHatchPattern();

  async function loadTable() {
    return useTable(await api.getCoverage({ level: 'small', type: settings.type, radiusMeters: settings.radiusMeters }));
  }

  function useTable(answer) {
    table = answer;
    rowsByCode = new Map(table.rows.map((r) => [r.code, r]));
    classes = coverageClasses(table.rows.map((r) => r.coveredShare));
    ctx.emit('coverage-changed', { table, settings, classes });
    return table;
  }

  const loader = viewportLoader(map, async ({ bbox, signal, still }) => {
    if (!map.hasLayer(group)) return;
    if (bboxAreaKm2(bbox) > COVERAGE_MAX_VIEW_KM2) {
      await still();
      grids.clearLayers();
      ctx.view.notice('coverage', t('notice.zoomForCoverage'));
      return;
    }
    ctx.view.notice('coverage', null);
    const collection = await api.getGrids({ level: 'small', bbox }, signal);
    await still();
    grids.clearLayers();
    grids.addData(collection);
    restack(map);
  });

  async function select(code) {
    const answer = await api.getCoverageGaps(code, { type: settings.type, radiusMeters: settings.radiusMeters });
    selected = { code, gaps: answer };
    gaps.clearLayers();
    gaps.addData(answer);
    grids.setStyle((f) => grids.options.style(f));
    ctx.emit('coverage-selected', answer);
    return answer;
  }

  function clearSelection() {
    selected = null;
    gaps.clearLayers();
    ctx.emit('coverage-selected', null);
  }

  /** Shows the view for { type, radiusMeters }; resolves to the coverage table. */
  async function show(next = {}) {
    const wanted = { ...settings, ...next };
    // A refused type or radius leaves the view as it was.
    const answer = await api.getCoverage({ level: 'small', type: wanted.type, radiusMeters: wanted.radiusMeters });
    settings = wanted;
    clearSelection();
    useTable(answer);
    if (!map.hasLayer(group)) group.addTo(map);
    grids.setStyle((f) => grids.options.style(f));
    loader.refresh();
    return answer;
  }

  function hide() {
    if (map.hasLayer(group)) map.removeLayer(group);
  }

  map.on('overlayadd', (e) => { if (e.layer === group) { if (!table) loadTable().then(() => loader.refresh()); else loader.refresh(); } });
  map.on('overlayremove', (e) => {
    if (e.layer === group) { ctx.view.notice('coverage', null); clearSelection(); }
  });
  // Edits change the shares: reload what is shown.
  const reload = async () => {
    if (!map.hasLayer(group)) { table = null; return; }
    await loadTable();
    loader.refresh();
    if (selected) select(selected.code).catch(() => clearSelection());
  };
  ctx.on('grids-changed', reload);
  ctx.on('features-changed', reload);
  stackAt(RANK.coverage, grids);

  return {
    overlays: [{ id: 'coverage', label: t('layer.coverage'), layer: group }],
    // The class breaks change with the data, so they are shown in the coverage panel, not the map legend.
    legend: [],
    api: {
      show, hide, select, clearSelection,
      settings: () => ({ ...settings }),
      table: () => table,
      classes: () => classes,
      shown: () => map.hasLayer(group),
      stats: () => ({ coverageGrids: grids.getLayers().length, coverageGaps: gaps.getLayers().length }),
    },
  };
}

/** A diagonal hatch pattern in a zero-size inline SVG; url(#id) finds it from any SVG in the page. */
function addHatchPattern() {
  if (document.getElementById(HATCH_ID)) return;
  // Built as DOM: a style attribute in parsed markup would be refused by the CSP (style-src 'self').
  document.body.append(svg('svg', { width: 0, height: 0, 'aria-hidden': 'true', style: { position: 'absolute' } },
    svg('defs', {}, svg('pattern', { id: HATCH_ID, width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 8, height: 8, fill: 'rgba(183,28,28,0.15)' }),
      svg('line', { x1: 0, y1: 0, x2: 0, y2: 8, stroke: '#b71c1c', 'stroke-width': 3 })))));
}
