// Snapping while drawing or editing with Leaflet.draw: a vertex placed or dragged within a few screen
// pixels of a grid's vertex or edge, or of a street centreline, lands exactly on it. The service
// snaps again on save (0.5 m), so borders end up shared even where the pointer missed.
import L from '../leaflet-global.js';
import { snapPoint } from '../lib/snap.js';

/** How close (screen pixels) a vertex must come to snap. */
export const SNAP_TOLERANCE_PX = 10;

/**
 * Patches Leaflet.draw once so new vertices (polygon and line drawing) and dragged vertices (editing)
 * snap to the lines drawn on `map`, except the shape being drawn or edited itself.
 * @returns {{ snapLatLng(latlng, exclude?): L.LatLng | null, enabled: boolean }}
 */
export function installSnapping(map) {
  const snapping = {
    enabled: true,
    /** The latlng `latlng` snaps to, or null when no line is within the tolerance. */
    snapLatLng(latlng, exclude) {
      if (!snapping.enabled) return null;
      const p = map.latLngToContainerPoint(latlng);
      const view = map.getBounds().pad(0.1);
      const lines = [];
      const latlngLines = [];
      map.eachLayer((layer) => {
        if (!(layer instanceof L.Polyline) || layer === exclude || !layer._map) return;
        if (layer.editing && layer.editing.enabled && layer.editing.enabled()) return;
        if (!view.intersects(layer.getBounds())) return;
        const closed = layer instanceof L.Polygon;
        for (const ring of rings(layer.getLatLngs())) {
          const path = closed && ring.length ? [...ring, ring[0]] : ring;
          lines.push(path.map((ll) => { const c = map.latLngToContainerPoint(ll); return [c.x, c.y]; }));
          latlngLines.push(path);
        }
      });
      const hit = snapPoint([p.x, p.y], lines, SNAP_TOLERANCE_PX);
      if (!hit) return null;
      // The neighbour's own coordinates, not a round trip through pixels, so shared corners are identical.
      const path = latlngLines[hit.lineIndex];
      const a = path[hit.index];
      if (hit.kind === 'vertex') return L.latLng(a.lat, a.lng);
      const b = path[hit.index + 1];
      return L.latLng(a.lat + hit.t * (b.lat - a.lat), a.lng + hit.t * (b.lng - a.lng));
    },
  };

  const addVertex = L.Draw.Polyline.prototype.addVertex;
  L.Draw.Polyline.prototype.addVertex = function (latlng) {
    const snapped = this._map === map ? snapping.snapLatLng(latlng, this._poly) : null;
    return addVertex.call(this, snapped || latlng);
  };
  const onMarkerDrag = L.Edit.PolyVerticesEdit.prototype._onMarkerDrag;
  L.Edit.PolyVerticesEdit.prototype._onMarkerDrag = function (e) {
    const marker = e.target;
    const snapped = this._poly._map === map ? snapping.snapLatLng(marker.getLatLng(), this._poly) : null;
    if (snapped) {
      marker._latlng = snapped;
      marker.update();
    }
    return onMarkerDrag.call(this, e);
  };
  return snapping;
}

/** The rings or paths of a Leaflet latlngs structure (nested for polygons with holes and multi-shapes). */
function rings(latlngs) {
  if (!latlngs.length) return [];
  if (latlngs[0] instanceof L.LatLng) return [latlngs];
  return latlngs.flatMap(rings);
}
