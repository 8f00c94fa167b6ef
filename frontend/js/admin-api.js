// The admin page's requests beyond accounts: Open311 keys, the ranking's scoring checklist, the working
// calendar. Kept beside api.js, whose request() it uses; like api.js the only place that knows these URLs.
import { query, request } from './api.js';

/** Open311 keys: [{ id, name, prefix, createdBy, createdAt, revokedAt, lastUsedAt }] (never the key). */
export const getOpen311Keys = () => request('GET', 'api/admin/open311-keys');

/** Issues a key for a partner; answers the list entry plus `key`, the only time the key is seen. */
export const issueOpen311Key = (name) => request('POST', 'api/admin/open311-keys', { body: { name } });

export const revokeOpen311Key = (id) => request('DELETE', `api/admin/open311-keys/${encodeURIComponent(id)}`);

/** The scoring checklist: [{ code, headingZh, headingEn, nameZh, nameEn, maxPoints, sortOrder, active }]. */
export const getChecklist = () => request('GET', 'api/ranking/checklist');

/** Replaces the whole checklist; answers it as stored. */
export const putChecklist = (items) => request('PUT', 'api/ranking/checklist', { body: items });

/** Hours, weekend, the special days of `year`, and `missingHolidayYears`. */
export const getWorkCalendar = (year) => request('GET', `api/work-calendar${query({ year })}`);

/** Adds or changes a special day: { kind: holiday | workday, nameZh, nameEn }. */
export const putCalendarDay = (day, body) => request('PUT', `api/work-calendar/days/${encodeURIComponent(day)}`, { body });

export const deleteCalendarDay = (day) => request('DELETE', `api/work-calendar/days/${encodeURIComponent(day)}`);
