package org.gridwatch.ranking;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The ranking tables (V111): checklist, weights, spot checks with their item scores. */
@Repository
class RankingQueries {

    private final JdbcTemplate jdbc;

    RankingQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<ChecklistItem> checklist() {
        return jdbc.query("SELECT code, heading_zh, heading_en, name_zh, name_en, max_points, sort_order, active "
                + "FROM ranking_item ORDER BY sort_order, code", (rs, i) -> new ChecklistItem(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getDouble(6), rs.getInt(7),
                rs.getBoolean(8)));
    }

    /**
     * Replaces the checklist: items in {@code items} are inserted or updated; items not named are made
     * inactive (never deleted, since spot checks keep their own copy and the code may come back).
     */
    void replaceChecklist(List<ChecklistItem> items) {
        jdbc.update("UPDATE ranking_item SET active = FALSE");
        for (ChecklistItem i : items) {
            int n = jdbc.update("UPDATE ranking_item SET heading_zh = ?, heading_en = ?, name_zh = ?, name_en = ?, "
                            + "max_points = ?, sort_order = ?, active = ? WHERE code = ?", i.headingZh(), i.headingEn(),
                    i.nameZh(), i.nameEn(), i.maxPoints(), i.sortOrder(), i.active(), i.code());
            if (n == 0) {
                jdbc.update("INSERT INTO ranking_item (code, heading_zh, heading_en, name_zh, name_en, max_points, "
                                + "sort_order, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", i.code(), i.headingZh(),
                        i.headingEn(), i.nameZh(), i.nameEn(), i.maxPoints(), i.sortOrder(), i.active());
            }
        }
    }

    record StoredWeights(RankingWeights weights, long version) {
    }

    StoredWeights weights() {
        return jdbc.queryForObject("SELECT spot_check_weight, comprehensive_weight, case_share, version "
                + "FROM ranking_settings WHERE id = 1", (rs, i) -> new StoredWeights(new RankingWeights(rs.getDouble(1),
                rs.getDouble(2), rs.getDouble(3)), rs.getLong(4)));
    }

    /** @return false when {@code version} is stale */
    boolean updateWeights(RankingWeights w, long version) {
        return jdbc.update("UPDATE ranking_settings SET spot_check_weight = ?, comprehensive_weight = ?, case_share = ?, "
                + "version = version + 1 WHERE id = 1 AND version = ?", w.spotCheck(), w.comprehensive(), w.caseShare(),
                version) == 1;
    }

    Optional<Long> spotCheckIdByClientId(String clientId) {
        return jdbc.query("SELECT id FROM spot_check WHERE client_id = ?", (rs, i) -> rs.getLong(1), clientId)
                .stream().findFirst();
    }

    long insertSpotCheck(String clientId, String grid, String unit, LocalDate day, String inspector, String note,
                         SpotCheckScorer.Total total, String createdBy, Instant at, List<SpotCheck.ItemScore> items) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("INSERT INTO spot_check (client_id, large_grid_code, unit_name, checked_on, "
                    + "inspector, note, points, max_points, score, created_by, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[]{"id"});
            ps.setString(1, clientId);
            ps.setString(2, grid);
            ps.setString(3, unit);
            ps.setDate(4, Date.valueOf(day));
            ps.setString(5, inspector);
            ps.setString(6, note);
            ps.setDouble(7, total.points());
            ps.setDouble(8, total.maxPoints());
            ps.setDouble(9, total.score());
            ps.setString(10, createdBy);
            ps.setTimestamp(11, Timestamp.from(at));
            return ps;
        }, keys);
        long id = keys.getKey().longValue();
        for (SpotCheck.ItemScore i : items) {
            jdbc.update("INSERT INTO spot_check_score (spot_check_id, item_code, name_zh, name_en, max_points, points) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", id, i.code(), i.nameZh(), i.nameEn(), i.maxPoints(), i.points());
        }
        return id;
    }

    /** Spot checks with {@code from ≤ checked_on ≤ to}, optionally of one large grid, newest first. */
    List<SpotCheck> spotChecks(LocalDate from, LocalDate to, String grid) {
        List<Object> args = new ArrayList<>(List.of(Date.valueOf(from), Date.valueOf(to)));
        String where = "c.checked_on >= ? AND c.checked_on <= ?";
        if (grid != null) {
            where += " AND c.large_grid_code = ?";
            args.add(grid);
        }
        return spotChecksWhere(where, args.toArray());
    }

    Optional<SpotCheck> spotCheck(long id) {
        return spotChecksWhere("c.id = ?", new Object[]{id}).stream().findFirst();
    }

    private List<SpotCheck> spotChecksWhere(String where, Object[] args) {
        List<SpotCheck> checks = jdbc.query("SELECT c.id, c.client_id, c.large_grid_code, c.unit_name, c.checked_on, "
                + "c.inspector, c.note, c.points, c.max_points, c.score, c.created_by, c.created_at FROM spot_check c WHERE "
                + where + " ORDER BY c.checked_on DESC, c.id DESC", (rs, i) -> new SpotCheck(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getDate(5).toLocalDate(), rs.getString(6), rs.getString(7),
                rs.getDouble(8), rs.getDouble(9), rs.getDouble(10), rs.getString(11),
                rs.getTimestamp(12).toInstant(), new ArrayList<>()), args);
        if (checks.isEmpty()) return checks;
        Map<Long, SpotCheck> byId = new HashMap<>();
        for (SpotCheck c : checks) byId.put(c.id(), c);
        jdbc.query("SELECT s.spot_check_id, s.item_code, s.name_zh, s.name_en, s.max_points, s.points "
                + "FROM spot_check_score s JOIN spot_check c ON c.id = s.spot_check_id WHERE " + where
                + " ORDER BY s.spot_check_id, s.item_code", rs -> {
            SpotCheck c = byId.get(rs.getLong(1));
            if (c != null) c.items().add(new SpotCheck.ItemScore(rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getDouble(5), rs.getDouble(6)));
        }, args);
        return checks;
    }

    /** Spot-check scores per large grid with {@code from ≤ checked_on ≤ to}. */
    Map<String, List<Double>> scoresByGrid(LocalDate from, LocalDate to) {
        Map<String, List<Double>> out = new HashMap<>();
        jdbc.query("SELECT large_grid_code, score FROM spot_check WHERE checked_on >= ? AND checked_on <= ? "
                + "ORDER BY id", rs -> {
            out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getDouble(2));
        }, Date.valueOf(from), Date.valueOf(to));
        return out;
    }
}
