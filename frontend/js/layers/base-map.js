// The Leaflet map itself: base maps (Tianditu with a key, OSM, the district's own tiles, the offline base
// drawn from the district's streets and outline, which takes over when tiles cannot be reached), the shared canvas renderer, and the view helpers panels use
// (zoom to a place, show a notice) so that panels never touch Leaflet.
import L from '../leaflet-global.js';
import { createOfflineBase } from './offline-base.js';

/** Where the map opens when the store holds no grids yet: China. */
const EMPTY_VIEW = { center: [35, 105], zoom: 4 };

/** Failed tiles in a row (none loaded in between) after which a base that had worked is given up. */
const FAILURES_TO_FALL_BACK = 3;
/** How long the probe tile may take before the tiles count as unreachable. */
const PROBE_MILLIS = 6000;

/**
 * Creates the map in `element`, showing the whole district unless `homeView` is false (the caller then sets
 * the first view itself, once the page around the map has its final size).
 * @returns {{ map, renderer, baseLayers: Object<string, L.Layer>, view, baseMaps }}
 */
export function createBaseMap(element, config, t, { homeView = true } = {}) {
  // One canvas for every vector layer: thousands of grids and markers stay fluid, and a padding of
  // half a screen keeps them drawn while the user pans before the next viewport load arrives.
  const renderer = L.canvas({ padding: 0.5, tolerance: 3 });
  // Half-level zoom steps let a small district fill the screen instead of a quarter of it.
  const map = L.map(element, { preferCanvas: true, renderer, maxZoom: 20, zoomSnap: 0.5, zoomDelta: 0.5, zoomControl: true });
  const view = createView(map, t, config);

  // Tile bases, each { id, label, templates (bottom to top), options }; Tianditu first when it has a key.
  const tileBases = [];
  if (config.tianditu) {
    const td = config.tianditu;
    const options = { subdomains: td.subdomains, attribution: td.attribution, maxNativeZoom: td.maxNativeZoom, maxZoom: 20 };
    tileBases.push({ id: 'tianditu-vector', label: t('base.tiandituVector'), templates: td.vector, options });
    tileBases.push({ id: 'tianditu-imagery', label: t('base.tiandituImagery'), templates: td.imagery, options });
  }
  tileBases.push({ id: 'osm', label: t('base.osm'), templates: [config.osmUrl],
    options: { attribution: config.osmAttribution, maxZoom: 20, maxNativeZoom: 19 } });
  if (config.tileUrl) {
    tileBases.push({ id: 'custom', label: t('base.custom'), templates: [config.tileUrl],
      options: { attribution: config.tileAttribution, maxZoom: 20, maxNativeZoom: config.tileMaxZoom } });
  }

  const offline = createOfflineBase(map);
  const state = { active: null, fallbackFrom: null, probes: 0, tileRequests: 0, tileErrors: 0 };
  const layers = {};
  const baseLayers = {};
  for (const base of tileBases) {
    layers[base.id] = probedTileBase(base);
    baseLayers[base.label] = layers[base.id];
  }
  layers.offline = offline.layer;
  baseLayers[t('base.offline')] = offline.layer;
  // No tiles at all: the grids and features still draw on the plain background.
  layers.none = L.layerGroup();
  baseLayers[t('base.none')] = layers.none;
  for (const [id, layer] of Object.entries(layers)) layer.on('add', () => { state.active = id; });

  /** Tiles cannot be reached: the offline base instead, with a notice naming what failed. */
  function fallBack(from) {
    if (state.active !== from.id) return;
    state.fallbackFrom = from.id;
    map.removeLayer(layers[from.id]);
    offline.layer.addTo(map);
    view.notice('base-map', t('base.unreachable', { name: from.label }));
  }

  /**
   * A tile base that asks for one tile first and adds its tile layers only when that one arrives, so
   * an unreachable server costs one failed request, not a screenful; once shown, a few failed tiles in
   * a row (the network went away) also fall back.
   */
  function probedTileBase(base) {
    const group = L.layerGroup();
    let generation = 0;
    group.on('add', () => {
      const mine = ++generation;
      view.notice('base-map', null);
      const z = Math.max(0, Math.min(Math.round(map.getZoom()), base.options.maxNativeZoom || 18));
      const point = map.project(map.getCenter(), z).divideBy(256).floor();
      const probeUrl = L.Util.template(base.templates[0], {
        s: (base.options.subdomains || 'abc')[0], z, x: point.x, y: point.y, r: '',
      });
      state.probes++;
      state.tileRequests++;
      const image = new Image();
      let settled = false;
      const settle = (ok) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        image.onload = null; image.onerror = null;
        if (mine !== generation || !map.hasLayer(group)) return;
        if (!ok) { state.tileErrors++; fallBack(base); return; }
        for (const template of base.templates) group.addLayer(watchedTileLayer(base, template));
      };
      const timer = setTimeout(() => { image.src = ''; settle(false); }, PROBE_MILLIS);
      image.onload = () => settle(true);
      image.onerror = () => settle(false);
      image.src = probeUrl;
    });
    group.on('remove', () => { generation++; group.clearLayers(); });
    return group;
  }

  function watchedTileLayer(base, template) {
    const tiles = L.tileLayer(template, base.options);
    let failedInARow = 0;
    tiles.on('tileloadstart', () => { state.tileRequests++; });
    tiles.on('tileload', () => { failedInARow = 0; });
    tiles.on('tileerror', () => {
      state.tileErrors++;
      if (++failedInARow >= FAILURES_TO_FALL_BACK) fallBack(base);
    });
    return tiles;
  }

  L.control.scale({ imperial: false }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');

  // The map page's first view is set by its workspaces (panels/workspace-nav.js) once the page around the map
  // has its final size, so that every layer loads the view once. Leaflet adds layers to a map without a view
  // when it gets one: the probe then asks for the tile at the centre of what is shown.
  if (homeView) view.home();
  (layers[config.defaultBaseMap] || layers.osm).addTo(map);

  const baseMaps = {
    /** For the test handle: which base is shown, what fell back, the tile URL templates, requests made. */
    state: () => ({ ...state, templates: Object.fromEntries(tileBases.map((b) => [b.id, b.templates])), ...offline.stats() }),
    reloadOutline: () => offline.reloadOutline(),
  };
  return { map, renderer, baseLayers, view, baseMaps };
}

function createView(map, t, config) {
  let highlight = null;
  const notices = new Map();
  const NoticeControl = L.Control.extend({
    onAdd() {
      const div = L.DomUtil.create('div', 'map-notice');
      div.hidden = true;
      return div;
    },
  });
  const noticeControl = new NoticeControl({ position: 'bottomleft' }).addTo(map);

  return {
    /** Shows the whole district (or China, for an empty store): the view the page opens with. */
    home() {
      if (config.extent) {
        const [x0, y0, x1, y1] = config.extent;
        map.fitBounds([[y0, x0], [y1, x1]], { padding: [12, 12] });
      } else {
        map.setView(EMPTY_VIEW.center, EMPTY_VIEW.zoom);
      }
    },
    /** Fits [minLon, minLat, maxLon, maxLat]; a point (min = max) is shown at zoom 18. */
    zoomTo(bbox, { outline = true } = {}) {
      const [x0, y0, x1, y1] = bbox;
      if (highlight) map.removeLayer(highlight);
      if (x0 === x1 && y0 === y1) {
        map.setView([y0, x0], Math.max(map.getZoom(), 18));
        highlight = L.circleMarker([y0, x0], { radius: 16, color: '#ff6f00', weight: 3, fill: false, interactive: false });
      } else {
        map.fitBounds([[y0, x0], [y1, x1]], { padding: [40, 40], maxZoom: 18 });
        highlight = outline ? L.rectangle([[y0, x0], [y1, x1]], { color: '#ff6f00', weight: 3, fill: false, dashArray: '6 4', interactive: false }) : null;
      }
      if (highlight) {
        highlight.addTo(map);
        const shown = highlight;
        setTimeout(() => { if (highlight === shown) { map.removeLayer(shown); highlight = null; } }, 4000);
      }
    },
    /** Shows (text) or hides (null) a notice under `id` in the bottom-left corner. */
    notice(id, text) {
      if (text) notices.set(id, text); else notices.delete(id);
      const div = noticeControl.getContainer();
      div.textContent = [...notices.values()].join(' · ');
      div.hidden = notices.size === 0;
    },
    /** The map's centre as [lon, lat]. */
    center() {
      const c = map.getCenter();
      return [c.lng, c.lat];
    },
    t,
  };
}
