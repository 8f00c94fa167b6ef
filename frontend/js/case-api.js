// Every request of the case loop (issue 21; the API of org.gridwatch.cases, see docs/cases.md).
// Kept beside api.js, whose request() it uses, so the case pages add their URLs in one file of
// their own; like api.js it is the only place that knows these URLs.
import { query, request } from './api.js';

/** Cases as a GeoJSON FeatureCollection; filters status, class, department, source, from, to, bbox, grid, overdue. */
export const getCases = (filters = {}, signal) => request('GET', `api/cases${query(filters)}`, { signal });

/** One case with its timeline (transitions with who, when, note and photos) and allowedActions. */
export const getCase = (id, signal) => request('GET', `api/cases/${encodeURIComponent(id)}`, { signal });

/** Reports a case: { clientId, source, classCode, lon, lat, description, reporterName, reporterPhone, ... }. */
export const postCase = (body) => request('POST', 'api/cases', { body });

/** One step of the loop: { action, version, note, department, mergeInto, extensionMinutes, ... }; answers the changed case. */
export const postTransition = (id, body) => request('POST', `api/cases/${encodeURIComponent(id)}/transitions`, { body });

/**
 * Attaches a photo (Blob) to a case; `kind` is before|after|verify (a handler's `after` photo must be
 * there before `handle`, a grid worker's `verify` photo before `verify`). Answers { id, kind, ... }.
 */
export function postCasePhoto(id, blob, kind) {
  const form = new FormData();
  form.append('file', blob, blob.type === 'image/png' ? 'photo.png' : 'photo.jpg');
  form.append('kind', kind);
  return request('POST', `api/cases/${encodeURIComponent(id)}/photos`, { form });
}

/** The address of a case photo, relative to the page (for an <img src>). */
export const casePhotoUrl = (caseId, photoId) =>
  `api/cases/${encodeURIComponent(caseId)}/photos/${encodeURIComponent(photoId)}`;

/** The dispatcher's work queue, most urgent first: { items, page, size, total }. */
export const getQueue = (params = {}, signal) => request('GET', `api/cases/queue${query(params)}`, { signal });

/** A handler's dispatched cases of its department; a grid worker's handled cases to verify in its grids (same shape). */
export const getMine = (params = {}, signal) => request('GET', `api/cases/mine${query(params)}`, { signal });

/** The case classes: [{ code, nameZh, nameEn, category, defaultDepartment, ... }]. */
export const getCaseClasses = (signal) => request('GET', 'api/case-classes', { signal });

/** The departments: [{ code, nameZh, nameEn }]. */
export const getDepartments = (signal) => request('GET', 'api/departments', { signal });

/** The evaluation figures of a period (cases-eval), when that endpoint is there. */
export const getEvaluation = (params = {}, signal) => request('GET', `api/cases/evaluation${query(params)}`, { signal });
