// The district outline (街道辖区边界): the street office's boundary as a heavy dashed line over the
// grids. Not interactive, so clicks reach the grids beneath. Reloaded when the outline panel changes it.
import L from '../leaflet-global.js';
import * as api from '../api.js';
import { RANK, restack, stackAt } from './stacking.js';

export const OUTLINE_STYLE = { color: '#263238', weight: 4, dashArray: '12 6', fill: false, interactive: false };

export function createOutlineLayer(ctx) {
  const { map, renderer, t } = ctx;
  let current = null;
  const outline = L.geoJSON(null, { renderer, style: () => OUTLINE_STYLE, interactive: false }).addTo(map);

  /** Fetches the outline and draws it; resolves to the feature, or null when the store has none. */
  async function load() {
    const collection = await api.getDistrictOutline();
    current = collection.features[0] || null;
    outline.clearLayers();
    if (current) outline.addData(current);
    restack(map);
    ctx.emit('outline-changed', { outline: current });
    return current;
  }

  load().catch((e) => ctx.toast(e.message, 'error'));
  stackAt(RANK.largeGrids + 2, outline);

  return {
    overlays: [{ id: 'outline', label: t('layer.outline'), layer: outline }],
    legend: [],
    api: { load, current: () => current, stats: () => ({ districtOutline: current ? 1 : 0 }) },
  };
}
