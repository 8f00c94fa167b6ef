// Snapping in screen pixels, for drawing and editing grids. Pure functions: points are [x, y].

/**
 * The point `p` snaps to: the nearest vertex of `lines` within `tolerancePx`, else the nearest point
 * on a segment of `lines` within `tolerancePx`, else null. Vertices win over edges so corners meet
 * exactly. `lines` is an array of point arrays (a ring repeats its first point at the end).
 */
export function snapPoint(p, lines, tolerancePx) {
  let best = null;
  let bestDistance = tolerancePx;
  for (const line of lines) {
    for (const v of line) {
      const d = Math.hypot(v[0] - p[0], v[1] - p[1]);
      if (d <= bestDistance) { best = v; bestDistance = d; }
    }
  }
  if (best) return { point: [best[0], best[1]], kind: 'vertex', distance: bestDistance };
  bestDistance = tolerancePx;
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      const q = closestOnSegment(p, line[i - 1], line[i]);
      const d = Math.hypot(q[0] - p[0], q[1] - p[1]);
      if (d <= bestDistance) { best = q; bestDistance = d; }
    }
  }
  return best ? { point: best, kind: 'edge', distance: bestDistance } : null;
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
