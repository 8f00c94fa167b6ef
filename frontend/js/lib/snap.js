// Snapping in screen pixels, for drawing and editing grids. Pure functions: points are [x, y].

/**
 * The point `p` snaps to, as { point, kind: 'vertex'|'edge', lineIndex, index, t, distance }: `index`
 * is the vertex, or the start of the segment with `t` the fraction along it. The nearest vertex of `lines` within `tolerancePx`, else the nearest point
 * on a segment of `lines` within `tolerancePx`, else null. Vertices win over edges so corners meet
 * exactly. `lines` is an array of point arrays (a ring repeats its first point at the end).
 */
export function snapPoint(p, lines, tolerancePx) {
  let best = null;
  let bestDistance = tolerancePx;
  lines.forEach((line, lineIndex) => {
    line.forEach((v, index) => {
      const d = Math.hypot(v[0] - p[0], v[1] - p[1]);
      if (d <= bestDistance) { best = { point: [v[0], v[1]], kind: 'vertex', lineIndex, index, t: 0 }; bestDistance = d; }
    });
  });
  if (best) return { ...best, distance: bestDistance };
  bestDistance = tolerancePx;
  lines.forEach((line, lineIndex) => {
    for (let i = 1; i < line.length; i++) {
      const t = segmentParameter(p, line[i - 1], line[i]);
      const a = line[i - 1];
      const b = line[i];
      const q = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
      const d = Math.hypot(q[0] - p[0], q[1] - p[1]);
      if (d <= bestDistance) { best = { point: q, kind: 'edge', lineIndex, index: i - 1, t }; bestDistance = d; }
    }
  });
  return best ? { ...best, distance: bestDistance } : null;
}

/** Where along segment a-b (0 at a, 1 at b) the point nearest to p lies. */
export function segmentParameter(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return 0;
  return Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
}

/** The point of segment a-b nearest to p. */
export function closestOnSegment(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return [a[0], a[1]];
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return [a[0] + t * dx, a[1] + t * dy];
}
