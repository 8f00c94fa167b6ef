// Formatting of the evaluation figures (docs/evaluation.md) for the page: pure, testable without a browser.

/** The table's columns, in the CSV's order. */
export const COLUMNS = ['key', 'reported', 'registered', 'dispatched', 'handled', 'handledOnTime', 'onTimeHandlingRate',
  'verified', 'reworked', 'reworkRate', 'closed', 'closedOnTime', 'onTimeClosingRate', 'overdueNow',
  'meanHandlingHours', 'p90HandlingHours'];

const RATES = new Set(['onTimeHandlingRate', 'reworkRate', 'onTimeClosingRate']);
const HOURS = new Set(['meanHandlingHours', 'p90HandlingHours']);

/** A cell's text: rates as percent with one decimal, hours with one decimal, '—' where there is nothing to rate. */
export function cellText(column, value) {
  if (value === null || value === undefined) return column === 'key' ? '' : '—';
  if (RATES.has(column)) return `${(value * 100).toFixed(1)}%`;
  if (HOURS.has(column)) return value.toFixed(1);
  return String(value);
}

/** The groups the chart shows: the `limit` with the most handled cases (ties by key), each with a rate. */
export function chartRows(rows, limit = 20) {
  return rows.filter((r) => r.handled > 0)
    .sort((a, b) => b.handled - a.handled || String(a.key).localeCompare(String(b.key)))
    .slice(0, limit);
}
