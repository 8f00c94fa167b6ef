package org.gridwatch.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The account tables (app_user, app_user_role, app_user_grid). */
@Repository
class Accounts {

    private final JdbcClient jdbc;

    Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM app_user").query(Long.class).single();
    }

    Optional<Account> find(String username) {
        List<Account> found = load("WHERE u.username = :username", Map.of("username", username));
        return found.stream().findFirst();
    }

    List<Account> all() {
        return load("", Map.of());
    }

    /** How many enabled accounts hold the admin role, other than {@code except} (may be null). */
    long enabledAdminsOtherThan(String except) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM app_user u JOIN app_user_role r ON r.username = u.username
                        WHERE r.role = 'admin' AND u.enabled AND u.username <> :except""")
                .param("except", except == null ? "" : except).query(Long.class).single();
    }

    /** Whether a department of this code exists (the case loop's departments table). */
    boolean departmentExists(String code) {
        return jdbc.sql("SELECT COUNT(*) FROM departments WHERE code = :code").param("code", code)
                .query(Long.class).single() > 0;
    }

    /** The department of the account (a handler's), or null. */
    String department(String username) {
        return jdbc.sql("SELECT department_code FROM app_user WHERE username = :username").param("username", username)
                .query(String.class).optional().orElse(null);
    }

    /** The small grid codes linked to the account: what a grid worker may write in. */
    Set<String> gridCodes(String username) {
        return new TreeSet<>(jdbc.sql("SELECT grid_code FROM app_user_grid WHERE username = :username")
                .param("username", username).query(String.class).list());
    }

    void insert(Account a) {
        jdbc.sql("""
                        INSERT INTO app_user (username, password_hash, enabled, department_code, created_at, updated_at)
                        VALUES (:username, :hash, :enabled, :department, :created, :updated)""")
                .param("username", a.username()).param("hash", a.passwordHash()).param("enabled", a.enabled())
                .param("department", a.department())
                .param("created", utc(a.createdAt())).param("updated", utc(a.updatedAt())).update();
        writeLinks(a);
    }

    void update(Account a) {
        jdbc.sql("""
                        UPDATE app_user SET password_hash = :hash, enabled = :enabled, department_code = :department,
                        updated_at = :updated WHERE username = :username""")
                .param("username", a.username()).param("hash", a.passwordHash()).param("enabled", a.enabled())
                .param("department", a.department())
                .param("updated", utc(a.updatedAt())).update();
        jdbc.sql("DELETE FROM app_user_role WHERE username = :username").param("username", a.username()).update();
        jdbc.sql("DELETE FROM app_user_grid WHERE username = :username").param("username", a.username()).update();
        writeLinks(a);
    }

    boolean delete(String username) {
        // The link tables cascade.
        return jdbc.sql("DELETE FROM app_user WHERE username = :username").param("username", username).update() > 0;
    }

    private void writeLinks(Account a) {
        for (Role role : a.roles()) {
            jdbc.sql("INSERT INTO app_user_role (username, role) VALUES (:username, :role)")
                    .param("username", a.username()).param("role", role.key()).update();
        }
        for (String code : a.gridCodes()) {
            jdbc.sql("INSERT INTO app_user_grid (username, grid_code) VALUES (:username, :code)")
                    .param("username", a.username()).param("code", code).update();
        }
    }

    private List<Account> load(String where, Map<String, Object> params) {
        Map<String, Row> rows = new LinkedHashMap<>();
        jdbc.sql("SELECT u.username, u.password_hash, u.enabled, u.created_at, u.updated_at, u.department_code FROM app_user u "
                        + where + " ORDER BY u.username")
                .params(params).query((ResultSet rs) -> {
                    rows.put(rs.getString(1), new Row(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                            instant(rs, 4), instant(rs, 5), rs.getString(6), EnumSet.noneOf(Role.class), new TreeSet<>()));
                });
        if (rows.isEmpty()) {
            return List.of();
        }
        String linkWhere = where.isEmpty() ? "" : where.replace("u.username", "username");
        jdbc.sql("SELECT username, role FROM app_user_role " + linkWhere).params(params).query((ResultSet rs) -> {
            Row row = rows.get(rs.getString(1));
            if (row != null) Role.ofKey(rs.getString(2)).ifPresent(row.roles::add);
        });
        jdbc.sql("SELECT username, grid_code FROM app_user_grid " + linkWhere).params(params).query((ResultSet rs) -> {
            Row row = rows.get(rs.getString(1));
            if (row != null) row.gridCodes.add(rs.getString(2));
        });
        List<Account> accounts = new ArrayList<>(rows.size());
        rows.values().forEach(r -> accounts.add(new Account(r.username, r.hash, r.enabled, Set.copyOf(r.roles),
                Set.copyOf(r.gridCodes), r.department, r.created, r.updated)));
        return accounts;
    }

    private record Row(String username, String hash, boolean enabled, Instant created, Instant updated,
                       String department, Set<Role> roles, Set<String> gridCodes) {
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    /** Links to renamed grids follow their new codes; two steps, so codes trading places never collide. */
    void renameGridLinks(Map<String, String> newCodeByOld) {
        newCodeByOld.forEach((old, next) -> jdbc.sql("UPDATE app_user_grid SET grid_code = :temp WHERE grid_code = :old")
                .param("temp", "~" + next).param("old", old).update());
        newCodeByOld.values().forEach(next -> jdbc.sql("UPDATE app_user_grid SET grid_code = :next WHERE grid_code = :temp")
                .param("next", next).param("temp", "~" + next).update());
    }
}
