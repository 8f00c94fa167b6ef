// The case loop's words on the page: statuses, their order, how urgent a case is, and which
// colour says so. Pure (no DOM, no Leaflet, no requests), so a test page can import it.
// The state machine itself lives in the service (org.gridwatch.cases); the page only shows what the
// service says a caller may do now (`allowedActions`), it never decides that itself.

/** Every status, in the order of the loop; the last two end a case without closing it. */
export const STATUSES = ['reported', 'registered', 'dispatched', 'handled', 'verified', 'closed', 'rejected', 'merged'];

/** Statuses whose stage has a deadline running. */
export const OPEN_STATUSES = ['reported', 'registered', 'dispatched', 'handled', 'verified'];

export const SOURCES = ['patrol', 'field', 'resident', 'hotline', 'open311', 'import'];

/** Urgency levels, most urgent first. */
export const URGENCY = ['overdue', 'dueSoon', 'onTime', 'ended'];

/** Symbol colours: red overdue, amber due soon, then by stage. */
export const URGENCY_COLOR = { overdue: '#d32f2f', dueSoon: '#ffa000' };
export const STATUS_COLOR = {
  reported: '#5e35b1', registered: '#1e88e5', dispatched: '#00897b', handled: '#7cb342', verified: '#43a047',
  closed: '#9e9e9e', rejected: '#bdbdbd', merged: '#bdbdbd',
};

/** The default "due soon" margin when the service does not say: two hours before the deadline. */
export const DUE_SOON_MARGIN_MS = 2 * 3600_000;

/**
 * How urgent a case is: 'overdue' (its stage deadline has passed), 'dueSoon' (within the margin),
 * 'onTime', or 'ended' (closed, rejected, merged: no deadline runs). The service's own flags
 * (`overdue`, `dueSoon`, computed in working time) win; the page only compares instants when the
 * service sent a deadline and no flags.
 *
 * @param {object} c case properties: status, deadline (ISO instant or null), overdue?, dueSoon?
 * @param {number} nowMs the clock, epoch ms
 */
export function urgencyOf(c, nowMs, marginMs = DUE_SOON_MARGIN_MS) {
  if (!OPEN_STATUSES.includes(c.status)) return 'ended';
  if (c.overdue === true) return 'overdue';
  if (c.dueSoon === true) return 'dueSoon';
  if (c.overdue === false) return 'onTime';
  const deadline = stageDeadline(c);
  if (!deadline) return 'onTime';
  const left = Date.parse(deadline) - nowMs;
  if (!Number.isFinite(left)) return 'onTime';
  if (left < 0) return 'overdue';
  return left <= marginMs ? 'dueSoon' : 'onTime';
}

/** The deadline of the stage a case is in (the service's `stageDeadline`; else the stage's own). */
export function stageDeadline(c) {
  if (c.stageDeadline) return c.stageDeadline;
  if (c.deadline) return c.deadline;
  switch (c.status) {
    case 'dispatched': return c.handleDeadline || null;
    case 'verified': return c.closeDeadline || null;
    default: return null;
  }
}

/** The fill colour of a case's symbol. */
export function caseColor(c, nowMs) {
  const urgency = urgencyOf(c, nowMs);
  return URGENCY_COLOR[urgency] || STATUS_COLOR[c.status] || '#607d8b';
}

/**
 * Sorts cases most urgent first: overdue, due soon, on time, ended; within a level the earliest
 * deadline first, then the oldest report. Returns a new array.
 */
export function byUrgency(cases, nowMs) {
  const rank = (c) => URGENCY.indexOf(urgencyOf(c, nowMs));
  const time = (v) => {
    const ms = v ? Date.parse(v) : NaN;
    return Number.isFinite(ms) ? ms : Number.MAX_SAFE_INTEGER;
  };
  return [...cases].sort((a, b) => rank(a) - rank(b)
    || time(stageDeadline(a)) - time(stageDeadline(b))
    || time(a.reportedAt) - time(b.reportedAt));
}

/** A class's name in the page's language ({ code, nameZh, nameEn } or the API's labelZh/labelEn). */
export function className(cls, language) {
  if (!cls) return '';
  const zh = cls.nameZh || cls.labelZh || cls.name || cls.code;
  const en = cls.nameEn || cls.labelEn || zh;
  return language === 'en' ? en : zh;
}

/** A department's name in the page's language. */
export function departmentName(dep, language) {
  return className(dep, language);
}

/**
 * The query of GET /api/cases from the filter form's values: empty values are left out; the period
 * is report dates (YYYY-MM-DD, both days included, in the district's zone as the service reads them).
 */
export function caseQuery({ status, classCode, department, source, from, to, overdue }) {
  const q = {};
  if (status) q.status = status;
  if (classCode) q.class = classCode;
  if (department) q.department = department;
  if (source) q.source = source;
  if (from) q.from = from;
  if (to) q.to = to;
  if (overdue) q.overdue = 'true';
  return q;
}

/** The date after `date` (YYYY-MM-DD), calendar arithmetic in UTC so no zone shifts it. */
export function nextDay(date) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Hours and minutes left (negative: late) to `deadline` as { late, hours, minutes }, or null. */
export function timeLeft(deadline, nowMs) {
  const ms = Date.parse(deadline || '');
  if (!Number.isFinite(ms)) return null;
  const diff = ms - nowMs;
  const abs = Math.abs(diff);
  return { late: diff < 0, hours: Math.floor(abs / 3600_000), minutes: Math.floor((abs % 3600_000) / 60_000) };
}

/** A case's place as [lon, lat]: a GeoJSON feature's point, or the lon/lat of the case itself. */
export function caseLonLat(c) {
  if (c.geometry && Array.isArray(c.geometry.coordinates)) return c.geometry.coordinates;
  if (Number.isFinite(c.lon) && Number.isFinite(c.lat)) return [c.lon, c.lat];
  return null;
}

/** The items of a list answer: { items } (queue, mine), a FeatureCollection, or an array. */
export function listItems(answer) {
  const raw = Array.isArray(answer) ? answer : answer.items || answer.features || [];
  return raw.map((c) => (c.properties ? { ...c.properties, id: c.properties.id ?? c.id, geometry: c.geometry } : c));
}

/**
 * Whether a case was handled and closed within its limits, as docs/cases.md defines them for the
 * evaluation: handled on time when handledAt <= handleDeadline, closed on time when closedAt <=
 * closeDeadline (both after granted extensions). null where the stage has not happened.
 */
export function onTime(c) {
  const within = (at, limit) => {
    const a = Date.parse(at || ''), l = Date.parse(limit || '');
    return Number.isFinite(a) && Number.isFinite(l) ? a <= l : null;
  };
  return { handled: within(c.handledAt, c.handleDeadline), closed: within(c.closedAt, c.closeDeadline) };
}
