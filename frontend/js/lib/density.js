// Vector density levels on the map: grade colours, the grade a grid is coloured by, indicator
// values as read, and the weekly trend chart as SVG text. Pure functions (no DOM, no Leaflet).

/** Grades from best to worst, then "not enough checks to judge". */
export const GRADES = ['A', 'B', 'C', 'FAIL', 'INSUFFICIENT'];
export const VECTORS = ['rodent', 'mosquito', 'fly', 'cockroach'];

/** Where a local (management) figure stands against the district's own target: never a national level. */
export const TARGET_STATUSES = ['MET', 'MISSED', 'NO_TARGET', 'INSUFFICIENT'];

/** Green to red for A..FAIL; grey for INSUFFICIENT, so a missing level never looks like a good one. */
export const GRADE_COLORS = { A: '#1a9850', B: '#a6d96a', C: '#fdae61', FAIL: '#d73027', INSUFFICIENT: '#bdbdbd' };

const RANK = { A: 0, B: 1, C: 2, FAIL: 3 };

/** The colour of a grade; unknown grades are drawn as INSUFFICIENT. */
export function gradeColor(grade) {
  return GRADE_COLORS[grade] || GRADE_COLORS.INSUFFICIENT;
}

/**
 * The grade a grid is coloured by. `by` is a vector ('rodent'|'mosquito'|'fly'|'cockroach'): that
 * vector's grade; or 'overall': FAIL or INSUFFICIENT when the service's verdict says so (PARTIAL, some
 * vector not assessed, is not a pass and is drawn as INSUFFICIENT), else the worst vector grade (A..C).
 */
export function gridGrade(grid, by) {
  const vectors = (grid && grid.vectors) || {};
  if (by !== 'overall') return GRADES.includes(vectors[by]) ? vectors[by] : 'INSUFFICIENT';
  if (grid.verdict === 'FAIL') return 'FAIL';
  if (grid.verdict !== 'PASS') return 'INSUFFICIENT';
  const judged = Object.values(vectors).filter((g) => g in RANK);
  if (judged.length === 0) return 'INSUFFICIENT';
  return judged.reduce((worst, g) => (RANK[g] > RANK[worst] ? g : worst));
}

/** How many grids fall in each grade: { A: n, B: n, ... } with every grade present. */
export function countByGrade(grids, by) {
  const counts = Object.fromEntries(GRADES.map((g) => [g, 0]));
  for (const grid of grids) counts[gridGrade(grid, by)] += 1;
  return counts;
}

/** Units that are shares (0..1) and read as percentages. */
const SHARE_UNITS = new Set(['ratio', 'rate', 'share', 'fraction', 'proportion']);

/**
 * An indicator value as read: shares as "2.5%", percentages as given with "%", anything else with
 * two decimals and the unit's text from `unitText(unit)`; null (nothing to compute from) as "–".
 */
export function formatIndicatorValue(value, unit, language, unitText = (u) => u) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const number = (v, digits) => new Intl.NumberFormat(language, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);
  if (SHARE_UNITS.has(unit)) return `${number(value * 100, 1)}%`;
  if (unit === 'percent') return `${number(value, 1)}%`;
  const text = unit ? unitText(unit) : '';
  return text ? `${number(value, 2)} ${text}` : number(value, 2);
}

/**
 * A line chart of one indicator per week as SVG markup.
 *
 * @param {Array<{weekStart: string, value: number|null}>} points one per week, oldest first; null = no data
 * @param {object} options width/height in px (default 300×140), `format(value)` for the axis labels,
 *        `lines`: horizontal reference lines [{ value, label, color }] (e.g. the A/B/C thresholds),
 *        `title` for screen readers, `emptyText` when no week has a value
 * @returns {string} an <svg> element; weeks without data break the line and show no dot
 */
export function trendChartSvg(points, options = {}) {
  const width = options.width || 300;
  const height = options.height || 140;
  const format = options.format || ((v) => String(v));
  const lines = options.lines || [];
  const pad = { left: 44, right: 8, top: 10, bottom: 22 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const values = points.map((p) => p.value).filter((v) => v !== null && v !== undefined && Number.isFinite(v));
  const title = `<title>${escapeXml(options.title || '')}</title>`;
  const open = `<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">`;
  if (values.length === 0) {
    return `${open}${title}<text x="${width / 2}" y="${height / 2}" text-anchor="middle" class="trend-empty">${escapeXml(options.emptyText || '')}</text></svg>`;
  }
  const top = Math.max(...values, ...lines.map((l) => l.value)) || 1;
  const max = niceCeiling(top);
  const x = (i) => pad.left + (points.length === 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
  const y = (v) => pad.top + plotH - (v / max) * plotH;
  const parts = [open, title];
  // Axis: zero and the top value.
  parts.push(`<line class="trend-axis" x1="${pad.left}" y1="${y(0)}" x2="${pad.left + plotW}" y2="${y(0)}" stroke="#90a4ae"/>`);
  for (const v of [0, max]) {
    parts.push(`<text class="trend-tick" x="${pad.left - 4}" y="${y(v) + 4}" text-anchor="end" font-size="10">${escapeXml(format(v))}</text>`);
  }
  for (const l of lines) {
    parts.push(`<line class="trend-threshold" data-label="${escapeXml(l.label)}" x1="${pad.left}" y1="${fixed(y(l.value))}" x2="${pad.left + plotW}" y2="${fixed(y(l.value))}" stroke="${escapeXml(l.color)}" stroke-dasharray="4 3"/>`);
    parts.push(`<text class="trend-threshold-label" x="${pad.left + plotW}" y="${fixed(y(l.value) - 2)}" text-anchor="end" font-size="9" fill="${escapeXml(l.color)}">${escapeXml(l.label)}</text>`);
  }
  // The line, broken where a week has no value.
  let path = '';
  let drawing = false;
  points.forEach((p, i) => {
    if (p.value === null || p.value === undefined || !Number.isFinite(p.value)) { drawing = false; return; }
    path += `${drawing ? 'L' : 'M'}${fixed(x(i))} ${fixed(y(p.value))} `;
    drawing = true;
  });
  parts.push(`<path class="trend-line" d="${path.trim()}" fill="none" stroke="#1565c0" stroke-width="2"/>`);
  points.forEach((p, i) => {
    if (p.value === null || p.value === undefined || !Number.isFinite(p.value)) return;
    parts.push(`<circle class="trend-dot" data-week="${escapeXml(p.weekStart)}" data-value="${p.value}" cx="${fixed(x(i))}" cy="${fixed(y(p.value))}" r="3" fill="#1565c0"><title>${escapeXml(`${p.weekStart}: ${format(p.value)}`)}</title></circle>`);
  });
  // First and last week under the axis.
  parts.push(`<text class="trend-week" x="${pad.left}" y="${height - 6}" font-size="10">${escapeXml(points[0].weekStart.slice(5))}</text>`);
  if (points.length > 1) {
    parts.push(`<text class="trend-week" x="${pad.left + plotW}" y="${height - 6}" text-anchor="end" font-size="10">${escapeXml(points[points.length - 1].weekStart.slice(5))}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above `value` (value > 0), so the axis top reads well. */
export function niceCeiling(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value - 1e-12) return step * power;
  return 10 * power;
}

/** YYYY-MM-DD `days` days after the date `iso` (negative: before). */
export function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function fixed(v) {
  return Math.round(v * 10) / 10;
}

function escapeXml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
