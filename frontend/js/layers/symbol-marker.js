// A circle marker that draws its feature type's symbol (square, triangle, diamond, circle) on the
// shared canvas. Click detection stays Leaflet's circle test, which is what a finger or mouse needs.
import L from '../leaflet-global.js';
import { symbolOutline } from '../lib/symbols.js';

export const SymbolMarker = L.CircleMarker.extend({
  options: { symbol: 'dot' },

  _updatePath() {
    const renderer = this._renderer;
    const outline = symbolOutline(this.options.symbol, this._point.x, this._point.y, this._radius);
    // SVG renderers and circles use Leaflet's own drawing.
    if (!outline || !(renderer instanceof L.Canvas)) {
      L.CircleMarker.prototype._updatePath.call(this);
      return;
    }
    // Leaflet 1.9's canvas renderer: draw only inside its redraw pass, then fill and stroke with the layer's style.
    if (!renderer._drawing || this._empty()) return;
    const ctx = renderer._ctx;
    ctx.beginPath();
    outline.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
    ctx.closePath();
    renderer._fillStroke(ctx, this);
  },
});
