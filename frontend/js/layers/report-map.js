// The small map of the residents' report page: the grid the page was opened for (from its QR code)
// and the point the resident picked or the phone's GPS gave. The page's only Leaflet code.
import L from '../leaflet-global.js';
import { geometryBbox } from '../lib/viewport.js';
import { createBaseMap } from './base-map.js';

/**
 * @param {HTMLElement} element the map's box
 * @param {object} config the base-map part of /api/public/config
 * @param {(key, params) => string} t texts
 * @param {(lon, lat) => void} onPick called when the resident taps the map
 */
export function createReportMap(element, config, t, onPick) {
  const { map, renderer } = createBaseMap(element, config, t);
  const grid = L.geoJSON(null, { renderer, interactive: false, style: { color: '#0d47a1', weight: 2, fill: true, fillOpacity: 0.05 } }).addTo(map);
  let marker = null;
  map.on('click', (e) => onPick(e.latlng.lng, e.latlng.lat));
  return {
    map,
    showGrid(geometry) {
      grid.clearLayers();
      grid.addData(geometry);
      const [x0, y0, x1, y1] = geometryBbox(geometry);
      map.fitBounds([[y0, x0], [y1, x1]], { padding: [16, 16], maxZoom: 18 });
    },
    /** Marks [lon, lat]; `center` also moves the view there. */
    showPoint(lon, lat, center = false) {
      if (marker) map.removeLayer(marker);
      marker = L.circleMarker([lat, lon], { renderer, radius: 10, color: '#fff', weight: 3, fillColor: '#d84315', fillOpacity: 1, interactive: false }).addTo(map);
      if (center) map.setView([lat, lon], Math.max(map.getZoom(), 17));
    },
    clearPoint() {
      if (marker) map.removeLayer(marker);
      marker = null;
    },
  };
}
