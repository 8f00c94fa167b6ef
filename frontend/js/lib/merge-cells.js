// Merging two proposed grids in the browser, before anything is stored: two GeoJSON polygons that share
// a border (the same vertices on both sides, as the planning tools and linked vertex edits leave them)
// become one polygon by dropping the edges they share. The service checks the result again on accept.

/**
 * The union of GeoJSON Polygons `a` and `b` when they share at least one edge and the union is one
 * polygon; null otherwise (apart, touching only at a corner, or not polygons).
 */
export function mergePolygons(a, b) {
  if (!a || !b || a.type !== 'Polygon' || b.type !== 'Polygon') return null;
  const key = (p) => `${p[0]},${p[1]}`;
  const edges = [];
  for (const polygon of [a, b]) {
    polygon.coordinates.forEach((ring, r) => {
      const closed = oriented(ring, r === 0);
      for (let i = 0; i + 1 < closed.length; i++) {
        if (key(closed[i]) !== key(closed[i + 1])) edges.push([closed[i], closed[i + 1]]);
      }
    });
  }
  // With outer rings counter-clockwise, a border shared by the two runs in opposite directions.
  const present = new Set(edges.map(([p, q]) => `${key(p)}>${key(q)}`));
  const kept = edges.filter(([p, q]) => !present.has(`${key(q)}>${key(p)}`));
  if (kept.length === edges.length) return null;
  const outgoing = new Map();
  for (const e of kept) {
    const k = key(e[0]);
    if (!outgoing.has(k)) outgoing.set(k, []);
    outgoing.get(k).push(e);
  }
  const used = new Set();
  const rings = [];
  for (const first of kept) {
    if (used.has(first)) continue;
    const ring = [first[0]];
    let edge = first;
    for (;;) {
      used.add(edge);
      ring.push(edge[1]);
      if (key(edge[1]) === key(ring[0])) break;
      edge = (outgoing.get(key(edge[1])) || []).find((e) => !used.has(e));
      if (!edge) return null;
    }
    ring[ring.length - 1] = ring[0];
    if (ring.length >= 4) rings.push(ring);
  }
  const shells = rings.filter((r) => signedArea(r) > 0);
  if (shells.length !== 1) return null;
  const holes = rings.filter((r) => signedArea(r) < 0);
  return { type: 'Polygon', coordinates: [shells[0], ...holes] };
}

/** Twice the signed area of a closed ring: positive when counter-clockwise. */
function signedArea(ring) {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum;
}

/** The ring closed and turned counter-clockwise (a shell) or clockwise (a hole). */
function oriented(ring, shell) {
  const closed = ring.length && key2(ring[0]) !== key2(ring[ring.length - 1]) ? [...ring, ring[0]] : [...ring];
  const ccw = signedArea(closed) > 0;
  return ccw === shell ? closed : closed.reverse();
}

function key2(p) {
  return `${p[0]},${p[1]}`;
}
