// Loads a layer's data for the visible part of the map after each pan or zoom. A newer view
// cancels the request of an older one, so a slow answer never overwrites a newer one.
//
// When the view is known the load starts: a zoom's target view is known when its animation starts
// (Leaflet's `zoomanim` gives the target centre and zoom), so the requests run during the 250 ms
// animation and the answer is drawn when the map stands still (drawing into the canvas while it is
// scaled by the animation would show the new data in the wrong place for a moment). A pan or a zoom
// without animation loads at `moveend` at once; only a map that keeps moving (a view ending less than
// `pauseMillis` after the last load started: arrow keys held down, a wheel spun) waits until it pauses.
import { clampBbox } from '../lib/viewport.js';

let busy = 0;

/** Whether any viewport load is scheduled or running (the browser tests wait for false). */
export function viewportLoadsBusy() {
  return busy > 0;
}

/** Two views closer than this share of their width and height on every side count as the same view. */
const SAME_VIEW_SHARE = 0.002;

function sameView(a, b) {
  if (!a || !b || a.zoom !== b.zoom) return false;
  const dx = (a.bbox[2] - a.bbox[0]) * SAME_VIEW_SHARE;
  const dy = (a.bbox[3] - a.bbox[1]) * SAME_VIEW_SHARE;
  return Math.abs(a.bbox[0] - b.bbox[0]) <= dx && Math.abs(a.bbox[2] - b.bbox[2]) <= dx
    && Math.abs(a.bbox[1] - b.bbox[1]) <= dy && Math.abs(a.bbox[3] - b.bbox[3]) <= dy;
}

function abortError() {
  return new DOMException('a newer view replaced this one', 'AbortError');
}

/**
 * Calls `load({ bbox, zoom, widthPx, signal, still, changed })` for each new view; bbox = [minLon, minLat, maxLon,
 * maxLat]; `changed` is true for a refresh() (the data may have changed: draw everything anew).
 * `still()` resolves when the map stands still at that view (at once when it already does) and rejects with an
 * AbortError when a newer view replaced it: a load awaits it after its requests and before it draws.
 * @returns {{ refresh(): void, schedule(): void }} refresh loads the current view now (also when it is the view
 *   loaded last: the data changed), schedule after the pause; before the map has a view both wait for it
 */
export function viewportLoader(map, load, { pauseMillis = 120 } = {}) {
  let controller = null;
  let timer = null;
  let last = null; // { bbox, zoom } of the load started last
  let lastStartedAt = -Infinity;

  function currentView() {
    const b = map.getBounds();
    return { bbox: clampBbox([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]), zoom: map.getZoom() };
  }

  /** The view a zoom animation ends at, from its target centre and zoom. */
  function targetView(center, zoom) {
    const pixels = map.getPixelBounds(center, zoom);
    const sw = map.unproject(pixels.getBottomLeft(), zoom);
    const ne = map.unproject(pixels.getTopRight(), zoom);
    return { bbox: clampBbox([sw.lng, sw.lat, ne.lng, ne.lat]), zoom };
  }

  async function run(view = currentView(), changed = false) {
    if (timer) { clearTimeout(timer); timer = null; busy--; }
    if (controller) controller.abort();
    const mine = new AbortController();
    controller = mine;
    last = view;
    lastStartedAt = performance.now();
    busy++;
    try {
      await load({ bbox: view.bbox, zoom: view.zoom, widthPx: map.getSize().x, signal: mine.signal, changed,
        still: () => still(mine.signal) });
    } catch (e) {
      if (e.name !== 'AbortError') console.error('viewport load failed', e);
    } finally {
      busy--;
    }
  }

  function schedule(view, delayMillis = pauseMillis) {
    if (timer) clearTimeout(timer); else busy++;
    timer = setTimeout(() => { timer = null; busy--; run(view ? view() : currentView()); }, delayMillis);
  }

  /** A view the map moves to: loaded now, unless it is the one loaded last or the map keeps moving. */
  function moveTo(view) {
    if (sameView(view, last)) {
      // Back where the last load started (which is answering or has drawn): nothing to load.
      if (timer) { clearTimeout(timer); timer = null; busy--; }
      return;
    }
    const since = performance.now() - lastStartedAt;
    if (since >= pauseMillis) run(view);
    else schedule(() => view, pauseMillis - since);
  }

  // Whether a zoom animation is playing, and who waits for it to end.
  let animating = false;
  let waiting = [];
  function still(signal) {
    if (signal.aborted) return Promise.reject(abortError());
    if (!animating) return Promise.resolve();
    return new Promise((resolve, reject) => {
      waiting.push(() => (signal.aborted ? reject(abortError()) : resolve()));
    });
  }

  map.on('zoomanim', (e) => {
    // A pinch fires this on every frame with noUpdate; its view is known at its moveend.
    if (e.noUpdate) return;
    animating = true;
    moveTo(targetView(e.center, e.zoom));
  });
  // Before the map has a view there is nothing to load: its first view's moveend starts the load.
  let hasView = false;
  map.whenReady(() => { hasView = true; });
  map.on('moveend', () => {
    hasView = true;
    animating = false;
    const released = waiting;
    waiting = [];
    for (const f of released) f();
    moveTo(currentView());
  });
  return {
    refresh: () => { if (hasView) run(currentView(), true); },
    schedule: () => { if (hasView) schedule(); },
  };
}
