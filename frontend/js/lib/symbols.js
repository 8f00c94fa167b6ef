// Feature-type symbols as shapes, shared by the canvas markers, the legend, the layer switcher and
// popups. Every type a district starts with has its own shape, so types stay apart for people who do
// not tell the colours apart (the colours come from the Okabe-Ito palette, see V180). Pure functions
// (symbolElement builds DOM): screen coordinates in pixels, y growing downwards.
import { svg } from './dom.js';

/** The outline colour of every symbol: dark, so that light fills (yellow) show on a light base map. */
export const SYMBOL_STROKE = '#1f2933';

/** Regular polygon of n corners, the first at angle `start` (radians, 0 = right, y down). */
function regular(n, x, y, r, start = -Math.PI / 2) {
  return Array.from({ length: n }, (_, i) => {
    const a = start + (2 * Math.PI * i) / n;
    return [x + r * Math.cos(a), y + r * Math.sin(a)];
  });
}

/** A star of n points between radii r and r * inner. */
function star(n, x, y, r, inner) {
  return Array.from({ length: 2 * n }, (_, i) => {
    const a = -Math.PI / 2 + (Math.PI * i) / n;
    const rr = i % 2 === 0 ? r : r * inner;
    return [x + rr * Math.cos(a), y + rr * Math.sin(a)];
  });
}

/** The names of the shapes, for the tests and the legend: each symbol key maps to one. */
export const SHAPES = {
  bin: 'square', well: 'circle', bait: 'triangle', water: 'diamond', rodent: 'cross', garbage: 'hexagon',
  unit: 'house', landing: 'triangle-down', household: 'star', dot: 'small-circle',
};

/**
 * The outline of `symbol` centred on (x, y) with radius r px, or null for a circle ('well' and any
 * symbol a district adds draw a circle; 'dot' a smaller one, see symbolRadius).
 */
export function symbolOutline(symbol, x, y, r) {
  switch (symbol) {
    case 'bin': // square: a bin seen from above
      return [[x - r * 0.9, y - r * 0.9], [x + r * 0.9, y - r * 0.9], [x + r * 0.9, y + r * 0.9], [x - r * 0.9, y + r * 0.9]];
    case 'bait': // triangle: the warning sign on a bait station
      return [[x, y - r * 1.2], [x + r * 1.1, y + r * 0.8], [x - r * 1.1, y + r * 0.8]];
    case 'water': // diamond
      return [[x, y - r * 1.25], [x + r, y], [x, y + r * 1.25], [x - r, y]];
    case 'rodent': { // an X: a sign found, crossed out when dealt with
      const a = r * 0.38, b = r * 1.1;
      const plus = [[-a, -b], [a, -b], [a, -a], [b, -a], [b, a], [a, a], [a, b], [-a, b], [-a, a], [-b, a], [-b, -a], [-a, -a]];
      const c = Math.SQRT1_2;
      return plus.map(([px, py]) => [x + c * (px - py), y + c * (px + py)]);
    }
    case 'garbage': // hexagon
      return regular(6, x, y, r * 1.1, 0);
    case 'unit': // a house: a building that is a key unit
      return [[x, y - r * 1.2], [x + r, y - r * 0.2], [x + r, y + r], [x - r, y + r], [x - r, y - r * 0.2]];
    case 'landing': // triangle pointing down: where mosquitoes land
      return [[x - r * 1.1, y - r * 0.8], [x + r * 1.1, y - r * 0.8], [x, y + r * 1.2]];
    case 'household': // star
      return star(5, x, y, r * 1.3, 0.5);
    default:
      return null;
  }
}

/** The drawn radius for a marker of nominal radius r: the generic 'dot' is smaller than the well's circle. */
export function symbolRadius(symbol, r) {
  return SHAPES[symbol] === undefined || symbol === 'dot' ? r * 0.7 : r;
}

/** An SVG element drawing `symbol` in `color`, size px square, for legends and popups. */
export function symbolElement(symbol, color, size = 16) {
  const c = size / 2, r = symbolRadius(symbol, size / 2 - 3);
  const outline = symbolOutline(symbol, c, c, r);
  const shape = outline
    ? svg('polygon', { points: outline.map((p) => p.map((v) => v.toFixed(1)).join(',')).join(' ') })
    : svg('circle', { cx: c, cy: c, r });
  return svg('svg', { width: size, height: size, viewBox: `0 0 ${size} ${size}`, 'aria-hidden': 'true', 'data-shape': SHAPES[symbol] || 'small-circle' },
    svg('g', { fill: color, 'fill-opacity': '0.95', stroke: SYMBOL_STROKE, 'stroke-width': '1' }, shape));
}

/** The same as markup, for Leaflet's layer control, whose labels can only be HTML strings. */
export function symbolSvg(symbol, color, size = 16) {
  const holder = document.createElement('div');
  holder.append(symbolElement(symbol, color, size));
  return holder.innerHTML; // serialised from DOM, so `color` arrives escaped
}
