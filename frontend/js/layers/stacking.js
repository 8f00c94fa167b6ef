// All vector layers share one canvas, which draws layers in the order they were added; a layer
// reloaded for a new viewport would land on top of everything. Each layer therefore declares its
// rank once, and calls restack() after it reloaded, which puts every layer back in rank order.

/** Ranks, bottom to top. Leave gaps so a new layer can slot in between. */
export const RANK = { largeGrids: 10, smallGrids: 20, coverage: 25, streets: 30, heatmap: 35, routes: 38, features: 40, drafts: 50, density: 26, cases: 45 };

const stack = [];

/** Registers `layer` (a FeatureGroup, or a Path) to be drawn at `rank`. */
export function stackAt(rank, layer) {
  stack.push({ rank, layer });
  stack.sort((a, b) => a.rank - b.rank);
}

/** Restores the rank order on `map`. */
export function restack(map) {
  for (const { layer } of stack) {
    if (map.hasLayer(layer) && layer.bringToFront) layer.bringToFront();
  }
}
