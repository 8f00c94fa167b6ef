// Times and days as the district reads them (issue 21). Every deadline and "on time" figure is counted in
// the district's time zone (gridwatch.inspection.zone; the pages get it as `timeZone` from api/map/config or
// api/public/config), so the pages show case times and work out the days of a period in that zone, never in
// the browser's: a dispatcher whose laptop is set to another zone reads the deadline the street reads.
// Pure (Intl only); the zone is always an argument.

/** The zone when the service named none (the default of gridwatch.inspection.zone). */
export const DEFAULT_ZONE = 'Asia/Shanghai';

/** `zone` when this browser knows it, else DEFAULT_ZONE (Intl throws on an unknown id). */
export function knownZone(zone) {
  if (!zone) return DEFAULT_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return DEFAULT_ZONE;
  }
}

/**
 * A time (ISO-8601 text, Date or epoch ms) as date and time in `zone`, in `language`'s way of writing
 * them; `options` are Intl.DateTimeFormat's (default: numeric date and 24-hour time with seconds).
 * '' for no time or one that does not parse.
 */
export function formatDateTime(value, language, zone, options = { hour12: false }) {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  if (!Number.isFinite(date.getTime())) return '';
  return date.toLocaleString(language, { ...options, timeZone: knownZone(zone) });
}

/** The wall-clock fields of instant `ms` in `zone`: { year, month, day, hour, minute, second } as numbers. */
function wallClock(ms, zone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: knownZone(zone), hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(ms));
  const f = {};
  for (const p of parts) if (p.type !== 'literal') f[p.type] = Number(p.value);
  return f;
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** The day YYYY-MM-DD that `date` (a Date or epoch ms) falls on in `zone`. */
export function dateInZone(date, zone) {
  const f = wallClock(date instanceof Date ? date.getTime() : date, zone);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
}

/** The day `days` after `day` (YYYY-MM-DD; negative: before), calendar arithmetic in UTC so no zone shifts it. */
export function addDays(day, days) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The instant (epoch ms) at which `day` (YYYY-MM-DD) begins in `zone`. Found from the zone's offset at
 * UTC midnight of that day and corrected once by the offset at the first guess, which differs from the
 * first where a daylight-saving change lies between them.
 */
export function startOfDayMs(day, zone) {
  const [y, m, d] = day.split('-').map(Number);
  const utcMidnight = Date.UTC(y, m - 1, d);
  const offsetAt = (ms) => {
    const f = wallClock(ms, zone);
    return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - Math.floor(ms / 1000) * 1000;
  };
  const guess = utcMidnight - offsetAt(utcMidnight);
  return utcMidnight - offsetAt(guess);
}

/** The first day (YYYY-MM-01) of the month of `day` (YYYY-MM-DD). */
export function firstOfMonth(day) {
  return `${day.slice(0, 8)}01`;
}

/** The `count` months (YYYY-MM) up to the one of `day` (YYYY-MM-DD), newest first. */
export function monthsUpTo(day, count) {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - 1;
  const months = [];
  for (let i = 0; i < count; i++) {
    const m = year * 12 + month - i;
    months.push(`${pad(Math.floor(m / 12), 4)}-${pad((m % 12) + 1)}`);
  }
  return months;
}

/** Whether this browser's clock reads `zone`'s wall time at instant `ms` (then a page need not name the zone). */
export function browserIsInZone(zone, ms = Date.now()) {
  const here = new Date(ms);
  const there = wallClock(ms, zone);
  return here.getFullYear() === there.year && here.getMonth() + 1 === there.month && here.getDate() === there.day
    && here.getHours() === there.hour && here.getMinutes() === there.minute;
}
