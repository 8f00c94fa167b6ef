// Wiring only: load the language, settings and feature types, build the map, add every layer
// and panel listed below, and expose a small handle for the browser tests.
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

// Panels, top to bottom in the sidebar. Each is mount(ctx, sidebar).
const PANELS = [mountLanguageSwitch, mountSearchPanel, mountCasePanel, mountReportsPanel, mountGridPanel, mountFeaturePanel,
  mountHeatmapPanel,
  mountCoveragePanel, mountTopologyPanel, mountOutlinePanel,
  mountRoutePanel,
  mountExchangePanel,
  mountPlanningPanel,
  mountDensityPanel,
  mountSessionPanel];

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
  await loadLanguage();
  translate();
  // The session first: it holds the CSRF token every later write carries.
  const session = await api.getSession();
  const [config, featureTypes] = await Promise.all([api.getMapConfig(), api.getFeatureTypes()]);

  const events = new EventTarget();
  const language = currentLanguage();
  // Before the map is made, so that Leaflet measures the container at its final size.
  if (config.sampleData) showSampleDataNotice(document.getElementById('layout'));
  const base = createBaseMap(document.getElementById('map'), config, t);
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
  addLayerControl(ctx.map, base.baseLayers, overlays);
  addLegend(ctx.map, t('legend.title'), legend);

  const sidebar = document.getElementById('sidebar');
  for (const mount of PANELS) mount(ctx, sidebar);

  // For the browser tests: the map, and whether every request has been answered and drawn.
  window.gridwatch = {
    map: ctx.map,
    ctx,
    idle: () => api.pendingRequests() === 0 && !viewportLoadsBusy(),
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
