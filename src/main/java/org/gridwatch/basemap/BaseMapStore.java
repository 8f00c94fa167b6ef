package org.gridwatch.basemap;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The base_map_settings table (one row, id 1): plain JDBC in SQL both H2GIS and PostGIS understand. */
@Repository
class BaseMapStore {

    private final JdbcTemplate jdbc;

    BaseMapStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> tiandituKey() {
        return jdbc.query("SELECT tianditu_key FROM base_map_settings WHERE id = 1", (rs, n) -> rs.getString(1))
                .stream().filter(k -> k != null && !k.isBlank()).findFirst();
    }

    /** Stores the key (null clears it), recording who did it and when. */
    void writeTiandituKey(String key, String actor) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int updated = jdbc.update("UPDATE base_map_settings SET tianditu_key = ?, updated_at = ?, updated_by = ? WHERE id = 1",
                key, now, actor);
        if (updated == 0) {
            jdbc.update("INSERT INTO base_map_settings (id, tianditu_key, updated_at, updated_by) VALUES (1, ?, ?, ?)",
                    key, now, actor);
        }
    }
}
