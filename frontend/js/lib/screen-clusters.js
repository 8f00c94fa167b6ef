// Groups points that would overlap on screen: a point closer than `radiusPx` to a group's first point
// joins that group, otherwise it starts one. Pure (no DOM, no Leaflet): the caller projects to screen
// pixels. A spatial hash of cells radiusPx wide keeps it linear in the number of points.

/**
 * @param {Array<{x: number, y: number}>} points screen positions, in the order they should be considered
 * @param {number} radiusPx how close two points may be before they are drawn as one group
 * @returns {Array<{x: number, y: number, members: number[]}>} groups: the mean position of their members
 *          and the members' indexes into `points`; a group of one is a point drawn on its own
 */
export function clusterOnScreen(points, radiusPx) {
  const groups = [];
  const cells = new Map();
  const key = (cx, cy) => `${cx}:${cy}`;
  const r2 = radiusPx * radiusPx;
  points.forEach((p, index) => {
    const cx = Math.floor(p.x / radiusPx), cy = Math.floor(p.y / radiusPx);
    let found = null;
    for (let dx = -1; dx <= 1 && !found; dx++) {
      for (let dy = -1; dy <= 1 && !found; dy++) {
        for (const g of cells.get(key(cx + dx, cy + dy)) || []) {
          const ex = g.seedX - p.x, ey = g.seedY - p.y;
          if (ex * ex + ey * ey < r2) { found = g; break; }
        }
      }
    }
    if (found) {
      found.members.push(index);
      found.sumX += p.x;
      found.sumY += p.y;
    } else {
      const g = { seedX: p.x, seedY: p.y, sumX: p.x, sumY: p.y, members: [index] };
      groups.push(g);
      const k = key(cx, cy);
      if (!cells.has(k)) cells.set(k, []);
      cells.get(k).push(g);
    }
  });
  return groups.map((g) => ({ x: g.sumX / g.members.length, y: g.sumY / g.members.length, members: g.members }));
}
