// Every request the page makes. One function per endpoint; the only file that knows URLs.
// Geometry is GeoJSON (lon,lat); bbox arguments are [minLon, minLat, maxLon, maxLat].
import { currentLanguage } from './i18n.js';

let pending = 0;

/** How many requests are in flight (the browser tests wait for 0). */
export function pendingRequests() {
  return pending;
}

/** A refusal from the service: RFC 9457 problem details, already in the user's language. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.code = problem.code;
  }

  /** [lon, lat] of the place the problem is about, when the service named one. */
  get location() {
    return Array.isArray(this.problem.location) ? this.problem.location : null;
  }
}

// The session's CSRF token ({ headerName, token }, from GET api/session): every write carries it.
let csrf = null;

const LOGIN_PAGE = 'login.html';

export async function request(method, url, { body, form, signal } = {}, retried = false) {
  // X-Requested-With: the service then sends no Basic challenge, so the browser never shows its own
  // password dialog (a 401 sends the page to the login page instead).
  const headers = { 'Accept-Language': currentLanguage(), 'X-Requested-With': 'XMLHttpRequest' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers[csrf.headerName] = csrf.token;
  pending++;
  try {
    const response = await fetch(url, {
      method, headers, signal, body: form !== undefined ? form : body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 204) return null;
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await response.json() : await response.text();
    if (!response.ok) {
      const problem = typeof data === 'object' ? data : { detail: String(data) };
      if (response.status === 401 && url !== SESSION_URL) {
        // Signed out (session expired, account disabled): back to the login page.
        window.location.assign(LOGIN_PAGE);
      } else if (response.status === 403 && problem.code === 'auth.csrf' && !retried) {
        // The token changed (a new session after signing in again elsewhere): fetch it and try once more.
        await getSession();
        return request(method, url, { body, form, signal }, true);
      }
      throw new ApiError(response.status, problem);
    }
    return data;
  } finally {
    pending--;
  }
}

const SESSION_URL = 'api/session';

/**
 * Who is signed in: { authenticated, username, roles: ['admin', ...], gridCodes, publicRead, csrf }.
 * Also keeps the CSRF token for the writes that follow; call it before the first write.
 */
export async function getSession() {
  const session = await request('GET', SESSION_URL);
  csrf = session.csrf || null;
  return session;
}

/** Ends the session and goes to the login page. */
export async function logout() {
  const headers = { 'X-Requested-With': 'XMLHttpRequest' };
  if (csrf) headers[csrf.headerName] = csrf.token;
  await fetch('logout', { method: 'POST', headers });
  window.location.assign(`${LOGIN_PAGE}?logout`);
}

/** Accounts (admins only): [{ username, roles, gridCodes, enabled, createdAt, updatedAt }]. */
export const getUsers = () => request('GET', 'api/users');

/** Creates an account: { username, password, roles: ['grid_worker'], gridCodes: ['A-01-03'] }. */
export const createUser = (account) => request('POST', 'api/users', { body: account });

/** Changes what `changes` carries ({ password?, roles?, gridCodes?, enabled? }); the rest stays. */
export const updateUser = (username, changes) =>
  request('PUT', `api/users/${encodeURIComponent(username)}`, { body: changes });

export const deleteUser = (username) => request('DELETE', `api/users/${encodeURIComponent(username)}`);

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const getMapConfig = () => request('GET', 'api/map/config');

export const getFeatureTypes = () => request('GET', 'api/feature-types');

/** Grids as a GeoJSON FeatureCollection; level 'large'|'small', bbox optional. */
export const getGrids = ({ level, bbox, parent } = {}, signal) =>
  request('GET', `api/grids${query({ level, bbox, parent })}`, { signal });

export const createGrid = (feature) => request('POST', 'api/grids', { body: feature });

export const updateGrid = (code, feature) => request('PUT', `api/grids/${encodeURIComponent(code)}`, { body: feature });

export const deleteGrid = (code, cascade = false) =>
  request('DELETE', `api/grids/${encodeURIComponent(code)}${query({ cascade: cascade || undefined })}`);

export const getStreets = (bbox, signal) => request('GET', `api/streets${query({ bbox })}`, { signal });

/** Active features in bbox of the given type keys, at most limit. */
/** Features in a view; `properties` (comma-separated) limits what each carries, e.g. 'type' for drawing only. */
export const getFeatures = ({ bbox, types, limit, properties }, signal) =>
  request('GET', `api/features${query({ bbox, type: types, limit, properties })}`, { signal });

export const getFeature = (id, signal) => request('GET', `api/features/${id}`, { signal });

export const createFeature = (feature) => request('POST', 'api/features', { body: feature });

export const updateFeature = (id, feature) => request('PUT', `api/features/${id}`, { body: feature });

export const deleteFeature = (id) => request('DELETE', `api/features/${id}`);

/** Feature counts per cluster cell (by 'cell', cellDeg wide) or per small grid (by 'grid'). */
export const getFeatureCounts = ({ bbox, types, by, cellDeg }, signal) =>
  request('GET', `api/map/feature-counts${query({ bbox, type: types, by, cell: cellDeg })}`, { signal });

export const search = (text, limit = 10) => request('GET', `api/map/search${query({ q: text, limit })}`);

/**
 * Heatmap layer parameters as the heatmap endpoints take them: { types, radiusMeters, from, to, source }
 * (from/to ISO instants or null for an open end; source 'features', 'inspections' or 'cases').
 */
function heatmapQuery({ types, radiusMeters, from, to, source }, extra = {}) {
  // source 'inspections': positive inspection outcomes, 'cases': reported cases (types are case
  // classes then), instead of the features themselves.
  return query({ type: types, radius: radiusMeters, from, to, source: source && source !== 'features' ? source : undefined, ...extra });
}

/** The colour scale of a heatmap layer: { max, breaks: [{ value, color, opacity }], tileUrl, … }. */
export const getHeatmapLegend = (params, signal) =>
  request('GET', `api/heatmap/legend${heatmapQuery(params)}`, { signal });

/** The highest density peaks: [{ rank, lon, lat, densityPerKm2, gridCode }]. */
export const getHeatmapHotspots = (params, limit, signal) =>
  request('GET', `api/heatmap/hotspots${heatmapQuery(params, { limit })}`, { signal });

/**
 * The tile URL template of a legend, relative to the page like every other URL here. The legend's
 * template pins the colour scale (max), so every tile of the layer shares one scale.
 */
export const heatmapTileUrl = (legend) => legend.tileUrl.replace(/^\//, '');
/** Per-grid counts, densities and covered share of `type` within radiusMeters (level 'small'|'large'). */
export const getCoverage = ({ level, type, radiusMeters }, signal) =>
  request('GET', `api/coverage${query({ level, type, radius: radiusMeters, format: 'json' })}`, { signal });

/** The parts of grid `code` farther than radiusMeters from every `type` feature (GeoJSON, with totals). */
export const getCoverageGaps = (code, { type, radiusMeters }, signal) =>
  request('GET', `api/coverage/${encodeURIComponent(code)}/gaps${query({ type, radius: radiusMeters })}`, { signal });

/** Every topology problem (gaps, overlaps, grids outside their parent, ...) as GeoJSON with a summary. */
export const getTopology = (signal) => request('GET', 'api/topology', { signal });
/** A visit route (POST /api/routes): a GeoJSON Feature, or GPX text with format 'gpx'. */
export const planRoute = (body, format = 'geojson') => request('POST', `api/routes${query({ format })}`, { body });

/** A street-coverage route of one grid (POST /api/routes/coverage); format as for planRoute. */
export const planCoverageRoute = (body, format = 'geojson') =>
  request('POST', `api/routes/coverage${query({ format })}`, { body });

/** Like request(), with a multipart body (FormData) instead of JSON: same sign-in, CSRF and errors. */
const requestForm = (method, url, form) => request(method, url, { form });

/**
 * Starts an export job (POST /api/exchange/jobs, kind=export): { layer, format, crs, type, encoding, ... }
 * as GET /api/export/{layer} takes them. Answers the job's status.
 */
export const startExportJob = (params) => request('POST', `api/exchange/jobs${query({ kind: 'export', ...params })}`);

/**
 * Starts an import job of `file` (kind=import): { layer, crs, encoding, mapping, type, dryRun }; a dryRun
 * job's result is the preview (count, detected crs/encoding, mapping, problems).
 */
export function startImportJob(file, params) {
  const form = new FormData();
  form.append('file', file, file.name);
  return requestForm('POST', `api/exchange/jobs${query({ kind: 'import', ...params })}`, form);
}

/** A job's status: { id, state, done, total, error, resultUrl, result }. */
export const getExchangeJob = (id) => request('GET', `api/exchange/jobs/${encodeURIComponent(id)}`);

export const cancelExchangeJob = (id) => request('DELETE', `api/exchange/jobs/${encodeURIComponent(id)}`);

/** The download address of a finished export job, relative to the page. */
export const exchangeJobDownloadUrl = (status) => status.resultUrl.replace(/^\//, '');

/**
 * Planning tools. Each answers with the proposal (a FeatureCollection with tool, applied, removedCodes,
 * changes, medians) and stores it only with apply = true.
 */
export const splitGrid = (code, line, apply = false) =>
  request('POST', `api/grids/${encodeURIComponent(code)}/split${query({ apply })}`, { body: line });

export const mergeGrids = (codes, apply = false) => request('POST', `api/grids/merge${query({ apply })}`, { body: codes });

/** method 'streets' | 'area'. */
export const divideGrid = (code, { method, targetAreaM2, minAreaM2 }, apply = false) =>
  request('POST', `api/grids/${encodeURIComponent(code)}/divide${query({ method, targetAreaM2, minAreaM2, apply })}`);

export const cleanGrids = ({ maxSliverM2, parent }, apply = false) =>
  request('POST', `api/grids/clean${query({ maxSliverM2, parent, apply })}`);

export const renumberGrids = ({ parent, prefix }, apply = false) =>
  request('POST', `api/grids/renumber${query({ parent, prefix, apply })}`);

/**
 * Stores a proposal the planner edited: { type: 'FeatureCollection', tool, replaces: [stored codes],
 * features }. All or nothing; a refusal names the proposed grid (problem.proposedGrid).
 */
export const applyEditedProposal = (collection) => request('POST', 'api/grids/proposals/apply', { body: collection });

/** Every small grid of a large grid with its workload measures and balance flags. */
export const getBalance = (parent) => request('GET', `api/grids/balance${query({ parent })}`);

// --- Inspections, patrols, density (issue 9) ---

/** Today's log of one small grid: { patrols, inspected, missed: [{ featureId, typeKey, lon, lat }], streetCoverage, ... }. */
export const getPatrolLog = (grid, date, signal) => request('GET', `api/patrol-log${query({ grid, date })}`, { signal });

/**
 * Sends a patrol { clientId, inspector, gridCode, startedAt, endedAt, track }; the same clientId
 * again returns the stored patrol (200) instead of a second one.
 */
export const postPatrol = (patrol) => request('POST', 'api/patrols', { body: patrol });

/** Sends one inspection (idempotent by clientId): { inspections: [{ id, clientId, featureId, gridCode, positive }] }. */
export const postInspection = (inspection) => request('POST', 'api/inspections', { body: inspection });

/** Density indicators per grid: level 'small'|'large'|'district', from/to YYYY-MM-DD; geojson adds the polygons. */
export const getDensity = ({ level, from, to, geojson = false }, signal) =>
  request('GET', `api/density${query({ level, from, to, format: geojson ? 'geojson' : undefined })}`, { signal });

/** Weekly indicator values of one grid (or 'district'): { grid, weeks: [{ weekStart, indicators, vectors }] }. */
export const getDensityTrend = ({ grid, from, to }, signal) =>
  request('GET', `api/density/trend${query({ grid, from, to })}`, { signal });

/** The printable work summary (rendered by the service) for a period and optional grid. */
export const summaryPageUrl = ({ from, to, grid, lang }) => `summary.html${query({ from, to, grid, lang })}`;

/** The A/B/C thresholds per indicator: { thresholds: [{ indicator, vector, a, b, c, direction, minSample }] }. */
export const getDensityThresholds = (signal) => request('GET', 'api/density/thresholds', { signal });

/** The community-ranking checklist: [{ code, headingZh, headingEn, nameZh, nameEn, maxPoints, sortOrder, active }]. */
export const getRankingChecklist = () => request('GET', 'api/ranking/checklist');

/** Records a spot check { clientId, largeGrid, unitName, checkedOn, inspector, note, points: { code: n } }. */
export const postSpotCheck = (check) => request('POST', 'api/ranking/spot-checks', { body: check });

/** Attaches a photo (Blob, JPEG or PNG) to a stored inspection: 204. */
export const postInspectionPhoto = (id, blob) => {
  const form = new FormData();
  form.append('photo', blob, blob.type === 'image/png' ? 'photo.png' : 'photo.jpg');
  return requestForm('POST', `api/inspections/${encodeURIComponent(id)}/photo`, form);
};

// District outline (the street office's boundary): one per store, versioned like grids.

/** The outline as a FeatureCollection of zero or one feature (properties: name, source, areaM2, version). */
export const getDistrictOutline = (signal) => request('GET', 'api/district-outline', { signal });

/** Stores a drawn outline: a GeoJSON Feature whose properties carry name and, when replacing, version. */
export const saveDistrictOutline = (feature) => request('PUT', 'api/district-outline', { body: feature });

export const deleteDistrictOutline = (version) => request('DELETE', `api/district-outline${query({ version })}`);

/** Imports the outline from a file (zipped shapefile, GeoJSON, GeoPackage or KML) holding one polygon. */
export function importDistrictOutline(file) {
  const form = new FormData();
  form.append('file', file, file.name);
  return requestForm('POST', 'api/import/district_outline', form);
}

/**
 * The case loop's evaluation (综合评价, docs/evaluation.md): { from, to, by, asOf, rows: [{ key, reported, …,
 * onTimeHandlingRate, reworkRate, onTimeClosingRate, overdueNow, meanHandlingHours, p90HandlingHours }], total }.
 * by: smallGrid | largeGrid | department | person | class.
 */
export const getCaseEvaluation = ({ from, to, by, grid }, signal) =>
  request('GET', `api/cases/evaluation${query({ from, to, by, grid })}`, { signal });

/** The same table as a CSV download (headers in the page's language). */
export const caseEvaluationCsvUrl = ({ from, to, by, grid }) =>
  `api/cases/evaluation${query({ from, to, by, grid, format: 'csv' })}`;

// --- workspaces' admin cards (issue 18) ---------------------------------------------------------

/** The Tianditu key: { set, key }. PUT { key } stores it (admins), DELETE clears it. */
export const getTiandituKey = () => request('GET', 'api/base-maps/tianditu-key');
export const putTiandituKey = (key) => request('PUT', 'api/base-maps/tianditu-key', { body: { key } });
export const deleteTiandituKey = () => request('DELETE', 'api/base-maps/tianditu-key');

/** Changes thresholds: [{ indicator, a?, b?, c?, target?, minSample? }]; answers the whole list. */
export const putDensityThresholds = (thresholds) => request('PUT', 'api/density/thresholds', { body: { thresholds } });

/** The case loop's working calendar: { zone, hours, weekendDays, days: [{ day, kind, nameZh, nameEn }] }. */
export const getWorkCalendar = (year) => request('GET', `api/work-calendar${query({ year })}`);
export const putWorkCalendarDay = (day, body) => request('PUT', `api/work-calendar/days/${encodeURIComponent(day)}`, { body });
export const deleteWorkCalendarDay = (day) => request('DELETE', `api/work-calendar/days/${encodeURIComponent(day)}`);

/** A backup of the whole store, made now: { blob, filename }. A refusal throws ApiError like request(). */
export async function downloadBackup() {
  const headers = { 'Accept-Language': currentLanguage(), 'X-Requested-With': 'XMLHttpRequest' };
  if (csrf) headers[csrf.headerName] = csrf.token;
  pending++;
  try {
    const response = await fetch('api/admin/backup', { method: 'POST', headers });
    if (!response.ok) {
      const type = response.headers.get('Content-Type') || '';
      throw new ApiError(response.status, type.includes('json') ? await response.json() : { detail: await response.text() });
    }
    const disposition = response.headers.get('Content-Disposition') || '';
    const match = /filename="([^"]+)"/.exec(disposition);
    return { blob: await response.blob(), filename: match ? match[1] : 'gridwatch-backup.zip' };
  } finally {
    pending--;
  }
}
