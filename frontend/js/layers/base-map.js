// The Leaflet map itself: base maps, the shared canvas renderer, and the view helpers panels use
// (zoom to a place, show a notice) so that panels never touch Leaflet.
import L from '../leaflet-global.js';

/** Where the map opens when the store holds no grids yet: China. */
const EMPTY_VIEW = { center: [35, 105], zoom: 4 };

/**
 * Creates the map in `element`.
 * @returns {{ map, renderer, baseLayers: Object<string, L.Layer>, view }}
 */
export function createBaseMap(element, config, t) {
  // One canvas for every vector layer: thousands of grids and markers stay fluid, and a padding of
  // half a screen keeps them drawn while the user pans before the next viewport load arrives.
  const renderer = L.canvas({ padding: 0.5, tolerance: 3 });
  // Half-level zoom steps let a small district fill the screen instead of a quarter of it.
  const map = L.map(element, { preferCanvas: true, renderer, maxZoom: 20, zoomSnap: 0.5, zoomDelta: 0.5, zoomControl: true });

  const baseLayers = {};
  const osm = L.tileLayer(config.osmUrl, { attribution: config.osmAttribution, maxZoom: 19, maxNativeZoom: 19 });
  baseLayers[t('base.osm')] = osm;
  let custom = null;
  if (config.tileUrl) {
    custom = L.tileLayer(config.tileUrl, {
      attribution: config.tileAttribution, maxZoom: 20, maxNativeZoom: config.tileMaxZoom,
    });
    baseLayers[t('base.custom')] = custom;
  }
  // No tiles at all: the grids and features still draw on the plain background, offline.
  const none = L.layerGroup();
  baseLayers[t('base.none')] = none;
  ({ osm, custom, none }[config.defaultBaseMap] || osm).addTo(map);

  L.control.scale({ imperial: false }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');

  if (config.extent) {
    const [x0, y0, x1, y1] = config.extent;
    map.fitBounds([[y0, x0], [y1, x1]], { padding: [12, 12] });
  } else {
    map.setView(EMPTY_VIEW.center, EMPTY_VIEW.zoom);
  }

  return { map, renderer, baseLayers, view: createView(map, t) };
}

function createView(map, t) {
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
