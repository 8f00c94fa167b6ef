// Feature-type symbols as shapes, shared by the canvas markers and the legend's SVG.
// Pure functions: screen coordinates in pixels, y growing downwards.

/** The outline of `symbol` centred on (x, y) with radius r px, or null for a circle. */
export function symbolOutline(symbol, x, y, r) {
  switch (symbol) {
    case 'bin': // square: a bin seen from above
      return [[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r]];
    case 'bait': // triangle: the warning sign on a bait station
      return [[x, y - r * 1.2], [x + r * 1.1, y + r * 0.8], [x - r * 1.1, y + r * 0.8]];
    case 'water': // diamond
      return [[x, y - r * 1.25], [x + r, y], [x, y + r * 1.25], [x - r, y]];
    default: // 'well', 'dot' and any symbol a district adds: a circle
      return null;
  }
}

/** An SVG element's markup drawing `symbol` in `color`, size px square, for legends. */
export function symbolSvg(symbol, color, size = 16) {
  const c = size / 2, r = size / 2 - 3;
  const outline = symbolOutline(symbol, c, c, r);
  const shape = outline
    ? `<polygon points="${outline.map((p) => p.map((v) => v.toFixed(1)).join(',')).join(' ')}"/>`
    : `<circle cx="${c}" cy="${c}" r="${r}"/>`;
  return `<svg width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" aria-hidden="true">`
    + `<g fill="${color}" fill-opacity="0.85" stroke="#ffffff" stroke-width="1.5">${shape}</g></svg>`;
}
