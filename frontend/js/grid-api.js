// The grid endpoints the map's grid popup and grid form use beside api.js (kept apart so features
// add endpoints without editing one shared file).
import { request } from './api.js';

/** What the grid popup shows: features by type, bait coverage, density levels, open cases, responsible person. */
export function getGridSummary(code, signal) {
  return request('GET', `api/grids/${encodeURIComponent(code)}/summary`, { signal });
}

/** The next free grid code under `parent` (a large grid's code), or among the large grids when empty. */
export async function getNextGridCode(parent) {
  const query = parent ? `?parent=${encodeURIComponent(parent)}` : '';
  const answer = await request('GET', `api/grid-codes/next${query}`);
  return answer.code;
}

/** One grid as a GeoJSON feature. */
export function getGrid(code, signal) {
  return request('GET', `api/grids/${encodeURIComponent(code)}`, { signal });
}
