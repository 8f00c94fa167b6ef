package org.gridwatch.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.Shapes.pointFeature;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.json.JsonMapper;

/**
 * Backs up the running embedded store, changes it, restores the backup the documented way (unzip into an
 * empty data directory) and finds the backed-up state there.
 */
@SpringBootTest(properties = "gridwatch.sample.enabled=false")
@AutoConfigureMockMvc
class BackupApiTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @Test
    void backupTakenWhileRunningRestoresTheStateAtBackupTime(@TempDir Path restored) throws Exception {
        long kept = createFeature("备份前");
        long edited = createFeature("备份前的名字");
        byte[] zip = mvc.perform(post("/api/admin/backup")).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/zip"))
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment")))
                .andReturn().getResponse().getContentAsByteArray();

        // Changes after the backup: a delete, an edit and a new feature.
        mvc.perform(delete("/api/features/" + kept)).andExpect(status().isNoContent());
        jdbc.update("UPDATE feature SET name = '备份后' WHERE id = ?", edited);
        long later = createFeature("备份后新建");
        long historyNow = jdbc.queryForObject("SELECT COUNT(*) FROM change_history", Long.class);

        List<String> names = unzip(zip, restored);
        assertThat(names).containsExactly("gridwatch.mv.db");
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + restored.resolve("gridwatch"), "sa", "")) {
            assertThat(name(c, kept)).isEqualTo("备份前");
            assertThat(name(c, edited)).isEqualTo("备份前的名字");
            assertThat(name(c, later)).isNull();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM change_history")) {
                rs.next();
                // Two creates at backup time; the delete and the later create came after.
                assertThat(rs.getLong(1)).isEqualTo(2).isLessThan(historyNow);
            }
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feature WHERE id = ?", Long.class, kept)).isZero();
    }

    private long createFeature(String name) throws Exception {
        String body = mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                        .content(pointFeature("trash_bin", 80.0, 30.0, name)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return JsonMapper.builder().build().readTree(body).get("id").longValue();
    }

    private static String name(Connection c, long id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM feature WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** What `unzip backup.zip -d DIR` does, as the README tells an operator to. */
    private static List<String> unzip(byte[] zip, Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
                Files.copy(in, dir.resolve(e.getName()));
            }
        }
        return names;
    }
}
