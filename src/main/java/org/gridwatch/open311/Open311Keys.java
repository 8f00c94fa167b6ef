package org.gridwatch.open311;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.CurrentActor;
import org.gridwatch.system.TextLimits;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Open311 API keys: issued and revoked by an admin, checked on every POST (table open311_api_key). */
@Service
public class Open311Keys {

    /** A key as the list shows it (never the key itself). */
    public record KeyView(long id, String name, String prefix, String createdBy, Instant createdAt, Instant revokedAt,
                          Instant lastUsedAt) {

        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("name", name);
            m.put("prefix", prefix);
            m.put("createdBy", createdBy);
            m.put("createdAt", createdAt.toString());
            m.put("revokedAt", revokedAt == null ? null : revokedAt.toString());
            m.put("lastUsedAt", lastUsedAt == null ? null : lastUsedAt.toString());
            return m;
        }
    }

    /** A freshly issued key: the only time the key itself is seen. */
    public record Issued(KeyView view, String key) {
    }

    private final JdbcTemplate jdbc;
    private final CurrentActor actor;

    Open311Keys(JdbcTemplate jdbc, CurrentActor actor) {
        this.jdbc = jdbc;
        this.actor = actor;
    }

    @Transactional
    public Issued issue(String name) {
        if (name == null || name.isBlank()) {
            throw ApiProblem.badRequest("open311.key.name.missing", "a key needs the name of the partner it is for");
        }
        TextLimits.atMost("name", name.trim(), 200);
        String key = ApiKeyHash.newKey();
        Instant now = Instant.now();
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("INSERT INTO open311_api_key (name, key_hash, key_prefix, created_by, created_at) "
                    + "VALUES (?, ?, ?, ?, ?)", new String[]{"id"});
            ps.setString(1, name.trim());
            ps.setString(2, ApiKeyHash.hash(key));
            ps.setString(3, ApiKeyHash.displayPrefix(key));
            ps.setString(4, actor.name());
            ps.setTimestamp(5, Timestamp.from(now));
            return ps;
        }, keys);
        long id = keys.getKey().longValue();
        KeyView view = list().stream().filter(k -> k.id() == id).findFirst().orElseThrow();
        return new Issued(view, key);
    }

    @Transactional(readOnly = true)
    public List<KeyView> list() {
        return jdbc.query("SELECT id, name, key_prefix, created_by, created_at, revoked_at, last_used_at "
                + "FROM open311_api_key ORDER BY id", (rs, i) -> new KeyView(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(), instant(rs.getTimestamp(6)),
                instant(rs.getTimestamp(7))));
    }

    @Transactional
    public KeyView revoke(long id) {
        int n = jdbc.update("UPDATE open311_api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                Timestamp.from(Instant.now()), id);
        KeyView view = list().stream().filter(k -> k.id() == id).findFirst().orElseThrow(() -> ApiProblem.notFound(
                "open311.key.notFound", "no API key " + id, id));
        if (n == 0 && view.revokedAt() == null) throw new IllegalStateException("key " + id + " not revoked");
        return view;
    }

    /** The id of the live key {@code key}, recording its use; empty for an unknown or revoked key. */
    @Transactional
    public Optional<Long> check(String key) {
        if (key == null || key.isBlank() || key.length() > 200) return Optional.empty();
        Optional<Long> id = jdbc.query("SELECT id FROM open311_api_key WHERE key_hash = ? AND revoked_at IS NULL",
                (rs, i) -> rs.getLong(1), ApiKeyHash.hash(key.trim())).stream().findFirst();
        id.ifPresent(k -> jdbc.update("UPDATE open311_api_key SET last_used_at = ? WHERE id = ?",
                Timestamp.from(Instant.now()), k));
        return id;
    }

    /** The partner name of key {@code id}, cut to fit {@code cases.reported_by} beside its "open311:" prefix. */
    @Transactional(readOnly = true)
    public String name(long id) {
        String name = jdbc.queryForObject("SELECT name FROM open311_api_key WHERE id = ?", String.class, id);
        return name.length() > 56 ? name.substring(0, 56) : name;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
