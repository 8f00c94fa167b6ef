/**
 * Shared spatial pieces: the WGS84 geometry factory (SRID 4326), GeoJSON reading and writing
 * (RFC 7946, always lon,lat), and metric helpers that compute lengths and areas in metres in a
 * projection centred on the data, never in degrees; and the one CSV cell writer every export shares
 * ({@link org.gridwatch.geo.CsvCells}).
 */
package org.gridwatch.geo;
