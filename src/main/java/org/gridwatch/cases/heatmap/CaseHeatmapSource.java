package org.gridwatch.cases.heatmap;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.gridwatch.heatmap.HeatmapPointSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code source=cases} of the heatmap: one point per reported case (lon/lat as stored, WGS84), timed by
 * {@code reported_at}, of the case classes named in {@code types} (empty: every class). The heatmap
 * applies the from/to window to those times, so "by class and period" is this source plus the
 * heatmap's own window. Reads the {@code cases} table directly: a read-only projection of three
 * columns, streamed, so a year of a city's cases never sits in a list of objects.
 */
@Component
class CaseHeatmapSource implements HeatmapPointSource {

    /** Rows fetched per round trip while streaming the points. */
    private static final int FETCH_ROWS = 10_000;

    private final JdbcTemplate jdbc;

    CaseHeatmapSource(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "cases";
    }

    /** Moves with every new case and every transition (a merge or rejection removes a point). */
    @Override
    @Transactional(readOnly = true)
    public String stamp() {
        return jdbc.queryForObject("SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) || ':' "
                + "|| COALESCE(CAST(MAX(updated_at) AS VARCHAR), '') FROM cases", String.class);
    }

    /** The case classes: {@code types} of this source are class codes. */
    @Override
    @Transactional(readOnly = true)
    public List<String> knownTypes() {
        return jdbc.queryForList("SELECT code FROM case_classes ORDER BY sort_order, code", String.class);
    }

    @Override
    @Transactional(readOnly = true)
    public void forEach(List<String> types, PointSink sink) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder(
                "SELECT lon, lat, reported_at, id FROM cases WHERE status NOT IN ('merged', 'rejected')");
        if (!types.isEmpty()) {
            sql.append(" AND class_code IN (").append("?,".repeat(types.size() - 1)).append("?)");
            args.addAll(types);
        }
        sql.append(" ORDER BY id");
        jdbc.query(con -> {
            var ps = con.prepareStatement(sql.toString());
            ps.setFetchSize(FETCH_ROWS);
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            return ps;
        }, rs -> {
            OffsetDateTime reported = rs.getObject(3, OffsetDateTime.class);
            sink.accept(rs.getDouble(1), rs.getDouble(2), reported.toInstant().toEpochMilli(), rs.getLong(4));
        });
    }
}
