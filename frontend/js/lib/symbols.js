// Feature-type symbols as shapes, shared by the canvas markers and the legend's SVG.
// Pure functions (symbolElement builds DOM): screen coordinates in pixels, y growing downwards.
import { svg } from './dom.js';

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

/** An SVG element drawing `symbol` in `color`, size px square, for legends and popups. */
export function symbolElement(symbol, color, size = 16) {
  const c = size / 2, r = size / 2 - 3;
  const outline = symbolOutline(symbol, c, c, r);
  const shape = outline
    ? svg('polygon', { points: outline.map((p) => p.map((v) => v.toFixed(1)).join(',')).join(' ') })
    : svg('circle', { cx: c, cy: c, r });
  return svg('svg', { width: size, height: size, viewBox: `0 0 ${size} ${size}`, 'aria-hidden': 'true' },
    svg('g', { fill: color, 'fill-opacity': '0.85', stroke: '#ffffff', 'stroke-width': '1.5' }, shape));
}

/** The same as markup, for Leaflet's layer control, whose labels can only be HTML strings. */
export function symbolSvg(symbol, color, size = 16) {
  const holder = document.createElement('div');
  holder.append(symbolElement(symbol, color, size));
  return holder.innerHTML; // serialised from DOM, so `color` arrives escaped
}
