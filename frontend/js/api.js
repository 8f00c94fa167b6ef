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

async function request(method, url, { body, signal } = {}) {
  const headers = { 'Accept-Language': currentLanguage() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  pending++;
  try {
    const response = await fetch(url, {
      method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 204) return null;
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await response.json() : await response.text();
    if (!response.ok) {
      throw new ApiError(response.status, typeof data === 'object' ? data : { detail: String(data) });
    }
    return data;
  } finally {
    pending--;
  }
}

function query(params) {
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
export const getFeatures = ({ bbox, types, limit }, signal) =>
  request('GET', `api/features${query({ bbox, type: types, limit })}`, { signal });

export const createFeature = (feature) => request('POST', 'api/features', { body: feature });

export const updateFeature = (id, feature) => request('PUT', `api/features/${id}`, { body: feature });

export const deleteFeature = (id) => request('DELETE', `api/features/${id}`);

/** Feature counts per cluster cell (by 'cell', cellDeg wide) or per small grid (by 'grid'). */
export const getFeatureCounts = ({ bbox, types, by, cellDeg }, signal) =>
  request('GET', `api/map/feature-counts${query({ bbox, type: types, by, cell: cellDeg })}`, { signal });

export const search = (text, limit = 10) => request('GET', `api/map/search${query({ q: text, limit })}`);

/**
 * Heatmap layer parameters as the heatmap endpoints take them: { types, radiusMeters, from, to, source }
 * (from/to ISO instants or null for an open end; source 'features' or 'inspections').
 */
function heatmapQuery({ types, radiusMeters, from, to, source }, extra = {}) {
  // source 'inspections': positive inspection outcomes instead of the features themselves.
  return query({ type: types, radius: radiusMeters, from, to, source: source === 'inspections' ? source : undefined, ...extra });
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

/** Like request(), with a multipart body (FormData) instead of JSON. */
async function requestForm(method, url, form) {
  pending++;
  try {
    const response = await fetch(url, { method, headers: { 'Accept-Language': currentLanguage() }, body: form });
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await response.json() : await response.text();
    if (!response.ok) throw new ApiError(response.status, typeof data === 'object' ? data : { detail: String(data) });
    return data;
  } finally {
    pending--;
  }
}

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

/** Attaches a photo (Blob, JPEG or PNG) to a stored inspection: 204. */
export const postInspectionPhoto = (id, blob) => {
  const form = new FormData();
  form.append('photo', blob, blob.type === 'image/png' ? 'photo.png' : 'photo.jpg');
  return requestForm('POST', `api/inspections/${encodeURIComponent(id)}/photo`, form);
};
