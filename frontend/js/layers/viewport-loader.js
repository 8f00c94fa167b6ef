// Loads a layer's data for the visible part of the map after each pan or zoom. A newer view
// cancels the request of an older one, so a slow answer never overwrites a newer one.
import { clampBbox } from '../lib/viewport.js';

let busy = 0;

/** Whether any viewport load is scheduled or running (the browser tests wait for false). */
export function viewportLoadsBusy() {
  return busy > 0;
}

/**
 * Calls `load({ bbox, zoom, widthPx, signal })` after the map settles; bbox = [minLon, minLat, maxLon, maxLat].
 * @returns {{ refresh(): void, schedule(): void }} refresh loads now, schedule after the pause
 */
export function viewportLoader(map, load, { pauseMillis = 120 } = {}) {
  let controller = null;
  let timer = null;

  async function run() {
    if (timer) { clearTimeout(timer); timer = null; busy--; }
    if (controller) controller.abort();
    const mine = new AbortController();
    controller = mine;
    const b = map.getBounds();
    const bbox = clampBbox([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]);
    busy++;
    try {
      await load({ bbox, zoom: map.getZoom(), widthPx: map.getSize().x, signal: mine.signal });
    } catch (e) {
      if (e.name !== 'AbortError') console.error('viewport load failed', e);
    } finally {
      busy--;
    }
  }

  function schedule() {
    if (timer) clearTimeout(timer); else busy++;
    timer = setTimeout(run, pauseMillis);
  }

  map.on('moveend', schedule);
  return { refresh: run, schedule };
}
