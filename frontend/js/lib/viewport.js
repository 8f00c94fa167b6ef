// Viewport arithmetic. Pure functions over plain numbers; bbox = [minLon, minLat, maxLon, maxLat].

const EARTH_RADIUS_METERS = 6_371_008.8;

/** The bbox clipped to valid lon/lat (a zoomed-out map can show more than the world). */
export function clampBbox([minLon, minLat, maxLon, maxLat]) {
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  return [clamp(minLon, -180, 180), clamp(minLat, -90, 90), clamp(maxLon, -180, 180), clamp(maxLat, -90, 90)];
}

/** The area of a bbox in km², on a sphere (exact for a lon/lat rectangle). */
export function bboxAreaKm2([minLon, minLat, maxLon, maxLat]) {
  const rad = Math.PI / 180;
  const m2 = EARTH_RADIUS_METERS ** 2 * Math.abs((maxLon - minLon) * rad)
    * Math.abs(Math.sin(maxLat * rad) - Math.sin(minLat * rad));
  return m2 / 1e6;
}

/** The width in degrees of a cluster cell `cellPx` pixels wide on a map `widthPx` wide showing bbox. */
export function cellDegrees(bbox, widthPx, cellPx) {
  return ((bbox[2] - bbox[0]) / Math.max(widthPx, 1)) * cellPx;
}

/** Whether `inner` lies inside `outer`. */
export function bboxContains(outer, inner) {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

/** The bbox of a GeoJSON geometry (any type), [minLon, minLat, maxLon, maxLat]. */
export function geometryBbox(geometry) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (coords) => {
    if (typeof coords[0] === 'number') {
      box[0] = Math.min(box[0], coords[0]); box[1] = Math.min(box[1], coords[1]);
      box[2] = Math.max(box[2], coords[0]); box[3] = Math.max(box[3], coords[1]);
    } else {
      coords.forEach(visit);
    }
  };
  if (geometry.type === 'GeometryCollection') geometry.geometries.forEach((g) => visit(g.coordinates));
  else visit(geometry.coordinates);
  return box;
}
