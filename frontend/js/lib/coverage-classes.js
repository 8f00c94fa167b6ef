// Class breaks for the coverage view. Shares are classed by quantiles of the shares shown, so each
// class holds about as many grids as the others: a 20 m bait-station radius covers a few percent
// of a grid, and fixed 20 % steps would paint a whole district in one colour. Pure functions.

/** The colour ramp, lowest share first (red: little covered, green: well covered). */
export const COVERAGE_COLORS = ['#d73027', '#fc8d59', '#fee08b', '#91cf60', '#1a9850'];

/**
 * Up to five classes over `shares` (0..1): [{ from, to, color }], `to` inclusive and `from`
 * exclusive except for the first class; ascending, no two with the same `to`. Empty for no shares.
 */
export function coverageClasses(shares) {
  const sorted = shares.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const uppers = [];
  for (let q = 1; q <= COVERAGE_COLORS.length; q++) {
    const value = sorted[Math.min(sorted.length - 1, Math.ceil((q / COVERAGE_COLORS.length) * sorted.length) - 1)];
    if (uppers.length === 0 || value > uppers[uppers.length - 1]) uppers.push(value);
  }
  // Fewer classes than colours (many equal shares): spread them over the whole ramp.
  const step = uppers.length > 1 ? (COVERAGE_COLORS.length - 1) / (uppers.length - 1) : 0;
  return uppers.map((to, i) => ({
    from: i === 0 ? sorted[0] : uppers[i - 1], to, color: COVERAGE_COLORS[Math.round(i * step)],
  }));
}

/** The index of the class holding `share` (the first whose `to` is at least it); 0 when missing. */
export function classOf(classes, share) {
  const s = Number.isFinite(share) ? share : 0;
  const i = classes.findIndex((c) => s <= c.to);
  return i < 0 ? classes.length - 1 : i;
}

/** How many of `shares` fall into each class. */
export function countByClass(classes, shares) {
  const counts = classes.map(() => 0);
  for (const s of shares) counts[classOf(classes, s)]++;
  return counts;
}
