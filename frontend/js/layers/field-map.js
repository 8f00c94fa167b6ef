// The small map of the field page (frontend/field.html): the worker's grid, today's planned route,
// the features still to check as big numbered markers to tap, the recorded track and the phone's
// position. The field page's only Leaflet code.
import L from '../leaflet-global.js';
import { el } from '../lib/dom.js';
import { geometryBbox } from '../lib/viewport.js';
import { createBaseMap } from './base-map.js';

const ROUTE_COLOR = '#6a1b9a';
const TRACK_COLOR = '#00838f';

/**
 * @param {HTMLElement} element the map's box
 * @param {object} config /api/map/config
 * @param {(key, params) => string} t texts
 * @param {(item) => void} onToCheckTap called with the to-check item whose marker was tapped
 */
export function createFieldMap(element, config, t, onToCheckTap) {
  const { map, renderer } = createBaseMap(element, config, t);
  const grid = L.geoJSON(null, { renderer, interactive: false, style: { color: '#0d47a1', weight: 2, fill: true, fillOpacity: 0.05 } }).addTo(map);
  const route = L.geoJSON(null, { renderer, interactive: false, style: { color: ROUTE_COLOR, weight: 4, opacity: 0.7 } }).addTo(map);
  const track = L.polyline([], { renderer, interactive: false, color: TRACK_COLOR, weight: 4, dashArray: '6 6' }).addTo(map);
  const toCheck = L.layerGroup().addTo(map);
  let position = null;
  let accuracy = null;

  return {
    map,
    /** The grid's outline; the view fits it. */
    showGrid(geometry) {
      grid.clearLayers();
      if (!geometry) return;
      grid.addData(geometry);
      const [x0, y0, x1, y1] = geometryBbox(geometry);
      map.fitBounds([[y0, x0], [y1, x1]], { padding: [16, 16], maxZoom: 18 });
    },
    /** Today's planned route (a Feature from POST /api/routes), or null. */
    showRoute(feature) {
      route.clearLayers();
      if (feature) route.addData(feature);
    },
    /** Items { featureId, typeKey, lon, lat, number, color, label } as numbered markers; tapping opens the form. */
    showToCheck(items) {
      toCheck.clearLayers();
      for (const item of items) {
        const marker = L.marker([item.lat, item.lon], {
          icon: L.divIcon({
            className: 'to-check-marker',
            // An element: the CSP refuses style attributes in markup, and no data is parsed as HTML.
            html: el('span', { style: { background: item.color || '#e65100' }, dataset: { featureId: item.featureId } }, item.number),
            iconSize: [36, 36],
          }),
          title: item.label,
          keyboard: true,
        });
        marker.on('click', () => onToCheckTap(item));
        toCheck.addLayer(marker);
      }
    },
    /** The recorded track: arrays of [lon, lat] per segment. */
    showTrack(segments) {
      track.setLatLngs(segments.filter((s) => s.length > 0).map((s) => s.map(([lon, lat]) => [lat, lon])));
    },
    /** The phone's position { lon, lat, accuracyM }. */
    showPosition(fix) {
      const at = [fix.lat, fix.lon];
      if (!position) {
        accuracy = L.circle(at, { radius: fix.accuracyM || 0, renderer, interactive: false, color: '#1565c0', weight: 1, fillOpacity: 0.1 }).addTo(map);
        position = L.circleMarker(at, { renderer, interactive: false, radius: 8, color: '#fff', weight: 3, fillColor: '#1565c0', fillOpacity: 1 }).addTo(map);
      } else {
        position.setLatLng(at);
        accuracy.setLatLng(at).setRadius(fix.accuracyM || 0);
      }
    },
    /** The map's centre as [lon, lat] (where a new site goes without a GPS fix). */
    center() {
      const c = map.getCenter();
      return [c.lng, c.lat];
    },
    stats: () => ({
      toCheckMarkers: toCheck.getLayers().length,
      routeParts: route.getLayers().length,
      trackPoints: track.getLatLngs().flat().length,
      hasPosition: position !== null,
    }),
  };
}
