/**
 * Backups (备份) of the embedded H2GIS store while the service runs. A <b>backup</b> is a zip holding the
 * database file as of one transactionally consistent moment; restoring is unzipping it into an empty data
 * directory (README, "Keeping data safe"). A PostGIS store is backed up with pg_dump instead.
 */
package org.gridwatch.backup;
