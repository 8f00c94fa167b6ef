// The patrol track recorded from the phone's GPS, and the times it sends. Pure functions. (The district's day: lib/district-time.js.)

/** Fixes less precise than this (metres, 95 % radius as the browser reports it) are not recorded. */
export const MAX_ACCURACY_M = 50;
/** A fix closer than this to the last recorded point adds nothing but GPS jitter. */
export const MIN_STEP_M = 5;

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between [lon, lat] points. */
export function distanceM([lon1, lat1], [lon2, lat2]) {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Adds a GPS fix { lon, lat, accuracyM } to `segments` (arrays of [lon, lat]; the last one is being
 * recorded) and returns whether it was kept: imprecise fixes and steps under MIN_STEP_M are dropped.
 */
export function addFix(segments, { lon, lat, accuracyM }) {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return false;
  if (Number.isFinite(accuracyM) && accuracyM > MAX_ACCURACY_M) return false;
  if (segments.length === 0) segments.push([]);
  const current = segments[segments.length - 1];
  const last = current[current.length - 1];
  if (last && distanceM(last, [lon, lat]) < MIN_STEP_M) return false;
  current.push([round7(lon), round7(lat)]);
  return true;
}

/** Starts a new segment (the page was closed for a while: the gap is not walked path). */
export function breakTrack(segments) {
  if (segments.length === 0 || segments[segments.length - 1].length > 0) segments.push([]);
}

/**
 * The track as GeoJSON for POST /api/patrols: a LineString, a MultiLineString when the recording
 * was interrupted, or null when no segment has two points (the patrol then adds no path length).
 */
export function trackGeometry(segments) {
  const lines = segments.filter((s) => s.length >= 2);
  if (lines.length === 0) return null;
  if (lines.length === 1) return { type: 'LineString', coordinates: lines[0] };
  return { type: 'MultiLineString', coordinates: lines };
}

/** The recorded length in metres. */
export function trackLengthM(segments) {
  let total = 0;
  for (const s of segments) for (let i = 1; i < s.length; i++) total += distanceM(s[i - 1], s[i]);
  return total;
}

/** An ISO-8601 time with the device's UTC offset, e.g. 2026-07-01T08:30:00+08:00 (whole seconds). */
export function isoWithOffset(date) {
  const offsetMin = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offsetMin * 60_000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  const pad = (n) => String(n).padStart(2, '0');
  return `${local.toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function round7(value) {
  return Math.round(value * 1e7) / 1e7;
}
