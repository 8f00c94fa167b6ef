// Every request of the residents' pages (report.html, track.html). No session, no CSRF token: these
// endpoints act as nobody (see SecurityConfig.RESIDENTS_AND_PARTNERS). The only file of these pages that
// knows URLs.
import { currentLanguage } from '../i18n.js';

let pending = 0;

/** How many requests are in flight (the browser tests wait for 0). */
export function pendingRequests() {
  return pending;
}

/** A refusal: the problem's detail is already in the page's language. */
export class PublicError extends Error {
  constructor(status, problem, retryAfterSeconds) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

async function request(method, url, body) {
  const headers = { 'Accept-Language': currentLanguage() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  pending++;
  try {
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await response.json() : { detail: await response.text() };
    if (!response.ok) {
      throw new PublicError(response.status, data, Number(response.headers.get('Retry-After')) || null);
    }
    return data;
  } finally {
    pending--;
  }
}

/** Base map, district extent, classes ({ code, name }), the photo size limit and the district's timeZone. */
export const getConfig = () => request('GET', 'api/public/config');

/** A small grid's name and outline (GeoJSON Feature), for a page opened from the grid's QR code. */
export const getGrid = (code) => request('GET', `api/public/grids/${encodeURIComponent(code)}`);

/** Sends a report; answers { trackingNumber }. */
export const sendReport = (report) => request('POST', 'api/public/reports', report);

/** The progress of a report by its tracking number. */
export const getProgress = (number) => request('GET', `api/public/reports/${encodeURIComponent(number)}`);
