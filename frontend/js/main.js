// Wiring only: load the language, settings and feature types, build the map, add every layer and
// the panels of the signed-in user's workspaces (lib/workspaces.js), and expose a small handle for
// the browser tests.
import * as api from './api.js';
import { currentLanguage, loadLanguage, t, translate } from './i18n.js';
import { createBaseMap } from './layers/base-map.js';
import { createCoverageLayer } from './layers/coverage-layer.js';
import { createTopologyLayer } from './layers/topology-layer.js';
import { createOutlineLayer } from './layers/outline-layer.js';
import { mountOutlinePanel } from './panels/outline-panel.js';
import { createDrawLayer } from './layers/draw-layer.js';
import { createFeatureLayers } from './layers/feature-layer.js';
import { createGridLayers } from './layers/grid-layer.js';
import { createHeatmapLayer } from './layers/heatmap-layer.js';
import { addLayerControl, addLegend } from './layers/legend.js';
import { createStreetLayer } from './layers/street-layer.js';
import { viewportLoadsBusy } from './layers/viewport-loader.js';
import { mountFeaturePanel } from './panels/feature-panel.js';
import { mountGridPanel } from './panels/grid-panel.js';
import { mountHeatmapPanel } from './panels/heatmap-panel.js';
import { mountLanguageSwitch } from './panels/language-switch.js';
import { mountSearchPanel } from './panels/search-panel.js';
import { mountCoveragePanel } from './panels/coverage-panel.js';
import { mountTopologyPanel } from './panels/topology-panel.js';
import { createRouteLayer } from './layers/route-layer.js';
import { mountRoutePanel } from './panels/route-panel.js';
import { mountExchangePanel } from './panels/exchange-panel.js';
import { mountSessionPanel } from './panels/session-panel.js';
import { createPlanningLayer } from './layers/planning-layer.js';
import { mountPlanningPanel } from './panels/planning-panel.js';

import { createDensityLayer } from './layers/density-layer.js';
import { mountDensityPanel } from './panels/density-panel.js';
import { createCaseLayer } from './layers/case-layer.js';
import { mountCasePanel } from './panels/case-panel.js';
import { mountReportsPanel } from './panels/reports-panel.js';
import { mountAdminLinks, mountBackup, mountBaseMapSettings, mountCalendar, mountThresholds } from './panels/admin-panels.js';
import { mountFieldWorkPanel, mountMyWorkPanel } from './panels/workspace-cards.js';
import { mountWorkspaces } from './panels/workspace-nav.js';
import { allPanelsFor, PLANNING_OVERLAYS, workspacesFor } from './lib/workspaces.js';

// Layers, bottom to top. Each is create(ctx) -> { overlays, legend, api } (see frontend/README.md);
// its api becomes ctx.layers[name].
const LAYERS = {
  grids: createGridLayers,
  outline: createOutlineLayer,
  streets: createStreetLayer,
  features: createFeatureLayers,
  draw: createDrawLayer,
  heatmap: createHeatmapLayer,
  coverage: createCoverageLayer,
  topology: createTopologyLayer,
  route: createRouteLayer,
  planning: createPlanningLayer,

  density: createDensityLayer,
  cases: createCaseLayer,
};

// The top bar's parts, for everyone. Each is mount(ctx).
const TOP_BAR = [mountLanguageSwitch, mountSearchPanel, mountSessionPanel];

// Sidebar panels by the id lib/workspaces.js names them with, in the order they are built (a panel
// may listen to events another one's layer sends). Each is mount(ctx, sidebar); only the panels of
// the user's workspaces are built.
const PANELS = {
  cases: mountCasePanel, myWork: mountMyWorkPanel, grid: mountGridPanel, feature: mountFeaturePanel,
  heatmap: mountHeatmapPanel, coverage: mountCoveragePanel, topology: mountTopologyPanel, outline: mountOutlinePanel,
  route: mountRoutePanel, exchange: mountExchangePanel, planning: mountPlanningPanel, density: mountDensityPanel,
  fieldWork: mountFieldWorkPanel, reports: mountReportsPanel,
  adminLinks: mountAdminLinks, baseMapSettings: mountBaseMapSettings, thresholds: mountThresholds,
  calendar: mountCalendar, backup: mountBackup,
};

/** A fixed notice over the map while generated demo patrols and inspections are in the store. */
function showSampleDataNotice(layout) {
  const notice = document.createElement('div');
  notice.className = 'sample-data-notice';
  notice.setAttribute('role', 'status');
  notice.textContent = t('sampleData.notice');
  // In the page's column above map and sidebar (not over the map), so it covers no control.
  layout.parentElement.insertBefore(notice, layout);
}

async function start() {
  // All at once: none needs another's answer (loadLanguage chooses the language before it awaits, so the
  // requests carry it). The session holds the CSRF token every later write carries; no write comes before it.
  const [, session, config, featureTypes] = await Promise.all([
    loadLanguage(), api.getSession(), api.getMapConfig(), api.getFeatureTypes()]);
  translate();

  const events = new EventTarget();
  const language = currentLanguage();
  // Before the map is made, so that Leaflet measures the container at its final size.
  if (config.sampleData) showSampleDataNotice(document.getElementById('layout'));
  const base = createBaseMap(document.getElementById('map'), config, t, { homeView: false });
  const ctx = {
    map: base.map,
    renderer: base.renderer,
    view: base.view,
    config,
    session,
    featureTypes,
    language,
    t,
    layers: {},
    featureTypeLabel(key) {
      const type = featureTypes.find((ft) => ft.key === key);
      return type ? (language === 'en' ? type.labelEn : type.labelZh) : key;
    },
    emit(name, detail) { events.dispatchEvent(new CustomEvent(name, { detail })); },
    on(name, listener) { events.addEventListener(name, (e) => listener(e.detail)); },
    toast: showToast,
  };

  const overlays = [];
  const legend = [];
  for (const [name, create] of Object.entries(LAYERS)) {
    const created = create(ctx);
    ctx.layers[name] = created.api;
    overlays.push(...created.overlays);
    legend.push(...created.legend);
  }
  ctx.on('outline-changed', () => base.baseMaps.reloadOutline());

  for (const mount of TOP_BAR) mount(ctx);
  const sidebar = document.getElementById('sidebar');
  const wanted = new Set(allPanelsFor(session));
  const cards = new Map();
  for (const [id, mount] of Object.entries(PANELS)) {
    if (!wanted.has(id)) continue;
    const before = new Set(sidebar.children);
    mount(ctx, sidebar);
    const made = [...sidebar.children].filter((e) => !before.has(e));
    for (const e of made) e.dataset.panel = id;
    cards.set(id, made);
  }
  // The workspaces set the map's first view. The layer switcher and the legend come after it: Leaflet adds
  // layers to a map only when it has a view, and a switcher already there would announce each as switched
  // on (overlayadd), which makes the layers load the view a second time; it also measures the map, before
  // the tabs and cards took their room from it.
  const workspaces = mountWorkspaces(ctx, sidebar, cards);
  // Planning's overlays are switched only by those who plan.
  const plans = workspacesFor(session).some((w) => w.id === 'planner');
  addLayerControl(ctx.map, base.baseLayers, overlays.filter((o) => plans || !PLANNING_OVERLAYS.includes(o.id)));
  addLegend(ctx.map, t('legend.title'), legend);

  // For the browser tests: the map, and whether every request has been answered and drawn.
  window.gridwatch = {
    map: ctx.map,
    ctx,
    idle: () => api.pendingRequests() === 0 && !viewportLoadsBusy(),
    /** The workspace shown and the ones the user has, e.g. { active: 'planner', ids: ['planner', 'admin'] }. */
    workspace: () => ({ active: workspaces.active(), ids: workspaces.ids() }),
    /** The base map: { active: 'offline', fallbackFrom: 'tianditu-vector', templates, probes, tileRequests, ... }. */
    baseMap: () => base.baseMaps.state(),
    /** What each layer holds, e.g. { largeGrids: 6, smallGrids: 384, streets: 600, markers: 400, ... }. */
    stats: () => Object.assign({}, ...Object.values(ctx.layers).map((layer) => (layer.stats ? layer.stats() : {}))),
  };
  document.body.dataset.ready = 'true';
}

let toastTimer = null;
function showToast(message, kind = 'info') {
  const toast = document.getElementById('toast');
  toast.textContent = message;
  toast.className = kind;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; }, kind === 'error' ? 8000 : 3500);
}

start().catch((e) => {
  console.error(e);
  showToast(`${t('app.startFailed')}: ${e.message}`, 'error');
});
