// The offline base map: drawn from the district's own data (its outline as land, its streets as white
// roads), for intranets and field offices where no tile server can be reached. A base layer like the
// tile bases, in a pane of its own under the overlays, with its own canvas, taking no clicks.
import L from '../leaflet-global.js';
import * as api from '../api.js';
import { bboxAreaKm2 } from '../lib/viewport.js';
import { STREET_MAX_VIEW_KM2 } from './street-layer.js';
import { viewportLoader } from './viewport-loader.js';

const PANE = 'offlineBase';
const LAND = { color: '#90a4ae', weight: 1.5, fillColor: '#f6f3ea', fillOpacity: 1, interactive: false };
/** Roads as on a printed street map: a grey casing under a white line, wider for bigger streets. */
const ROAD_WIDTH = { primary: 7, secondary: 6, residential: 4, alley: 3 };

export function createOfflineBase(map) {
  if (!map.getPane(PANE)) {
    const pane = map.createPane(PANE);
    pane.style.zIndex = 150; // under the tile pane (200) and every overlay (400+)
    pane.style.pointerEvents = 'none';
  }
  const renderer = L.canvas({ pane: PANE, padding: 0.5 });
  const land = L.geoJSON(null, { pane: PANE, renderer, style: () => LAND, interactive: false });
  const casing = L.geoJSON(null, {
    pane: PANE, renderer, interactive: false,
    style: (f) => ({ color: '#b0bec5', weight: (ROAD_WIDTH[f.properties.class] || 4) + 2, opacity: 1, lineCap: 'round' }),
  });
  const roads = L.geoJSON(null, {
    pane: PANE, renderer, interactive: false,
    style: (f) => ({ color: '#ffffff', weight: ROAD_WIDTH[f.properties.class] || 4, opacity: 1, lineCap: 'round' }),
  });
  const base = L.layerGroup([land, casing, roads]);
  let outlineLoaded = false;

  const loader = viewportLoader(map, async ({ bbox, signal, still }) => {
    if (!map.hasLayer(base)) return;
    if (!outlineLoaded) {
      const outline = await api.getDistrictOutline(signal);
      await still();
      land.clearLayers();
      land.addData(outline);
      outlineLoaded = true;
    }
    // Streets as far as the street layer loads them; a wider view shows the district's shape only.
    if (bboxAreaKm2(bbox) > STREET_MAX_VIEW_KM2) {
      await still();
      casing.clearLayers();
      roads.clearLayers();
      return;
    }
    const streets = await api.getStreets(bbox, signal);
    await still();
    casing.clearLayers();
    roads.clearLayers();
    casing.addData(streets);
    roads.addData(streets);
  });
  base.on('add', () => loader.refresh());
  return {
    layer: base,
    /** The outline may change (the outline panel): drawn anew on the next load. */
    reloadOutline() { outlineLoaded = false; if (map.hasLayer(base)) loader.refresh(); },
    stats: () => ({ offlineBaseStreets: roads.getLayers().length, offlineBaseLand: land.getLayers().length }),
  };
}
