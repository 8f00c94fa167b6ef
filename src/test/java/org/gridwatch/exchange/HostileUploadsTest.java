package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

/**
 * Uploads built to hurt (security issue 16, parts 3 and 8): a GeoPackage whose feature "table" is a view
 * that never finishes, SQLite work past its bound, a zip bomb, files that make libraries talk; and the
 * health check that reports a write lock held too long.
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false", "gridwatch.health.max-write-lock-hold=PT1S"})
@AutoConfigureMockMvc
class HostileUploadsTest extends ExchangeMvcTest {

    static final double LON = 117.0, LAT = 31.0;

    @Autowired
    PlatformTransactionManager transactions;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    /** A GeoPackage of one point table {@code pts}, then changed through plain SQLite by {@code sql}. */
    private Path geoPackage(String name, String... sql) throws Exception {
        Path f = dir.resolve(name);
        try (GeoPackageWriter w = new GeoPackageWriter(f, "pts", mil.nga.sf.GeometryType.POINT, List.of(), ExportCrs.WGS84)) {
            w.write(GeometryFactories.WGS84.createPoint(new Coordinate(LON + 0.001, LAT + 0.001)), new Object[0]);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
        return f;
    }

    /** The feature table replaced by a view whose one row's geometry needs a recursion that never ends. */
    private Path viewThatNeverEnds() throws Exception {
        return geoPackage("evil.gpkg", "ALTER TABLE pts RENAME TO pts_real",
                "CREATE VIEW pts AS SELECT 1 AS fid, (WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                        + "SELECT max(n) FROM r) AS geom");
    }

    @Test
    void aFeatureTableThatIsANeverEndingViewIsRefusedAndWritesGoOn() throws Exception {
        Path evil = viewThatNeverEnds();
        assertThat(Files.size(evil)).isLessThan(200_000);
        // A first write warms the feature path up, so the timed write below measures waiting, not start-up.
        postJson("/api/features", pointWith(LON + 0.003, LAT + 0.003, "{\"type\":\"trash_bin\",\"name\":\"之前\"}"), 201);
        long before = count("SELECT COUNT(*) FROM feature");
        JsonNode refused = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> uploadJson("/api/import/features?type=trash_bin", "evil.gpkg", Files.readAllBytes(evil), 400));
        assertThat(refused.path("code").asString()).isEqualTo("exchange.geopackage.notATable");
        assertThat(refused.path("detail").asString()).contains("视图");
        // The store takes writes at once: nothing kept its write lock.
        // (Before the fix the view was read inside the import's transaction and this write waited forever.)
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> postJson("/api/features",
                pointWith(LON + 0.002, LAT + 0.002, "{\"type\":\"trash_bin\",\"name\":\"之后\"}"), 201));
        assertThat(count("SELECT COUNT(*) FROM feature")).isEqualTo(before + 1);

        // As a background job: refused the same way, and the job ends.
        JsonNode started = json(mvc.perform(multipart("/api/exchange/jobs").file(new MockMultipartFile("file", "evil.gpkg",
                "application/octet-stream", Files.readAllBytes(evil))).param("kind", "import").param("layer", "features")
                .param("type", "trash_bin")).andReturn());
        JsonNode end = null;
        for (long t = System.currentTimeMillis() + 30_000; System.currentTimeMillis() < t; Thread.sleep(50)) {
            end = json(mvc.perform(get("/api/exchange/jobs/" + started.path("id").asString())).andReturn());
            if (!end.path("state").asString().matches("queued|running")) break;
        }
        assertThat(end.path("state").asString()).isEqualTo("failed");
        assertThat(end.path("error").path("code").asString()).isEqualTo("exchange.geopackage.notATable");
    }

    @Test
    void sqliteWorkStopsAtItsBoundAndOnCancellation() throws Exception {
        Path big = geoPackage("big.gpkg", "INSERT INTO pts (geom) WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL "
                + "SELECT n + 1 FROM r LIMIT 300000) SELECT NULL FROM r");
        assertThatThrownBy(() -> GeoPackageReader.open(big, null, 1_000_000, Duration.ofMillis(1), () -> false))
                .isInstanceOf(ExchangeFormatException.class)
                .extracting(e -> ((ExchangeFormatException) e).messageKey()).isEqualTo("exchange.geopackage.tooSlow");
        assertThatThrownBy(() -> GeoPackageReader.open(big, null, 1_000_000, Duration.ofMinutes(1), () -> true))
                .isInstanceOf(JobProgress.Cancelled.class);
        try (GeoPackageReader r = GeoPackageReader.open(big, null, 1_000_000, Duration.ofMinutes(1), () -> false)) {
            assertThat(r.count()).isEqualTo(300_001);
        }
    }

    @Test
    void refusalsAreOurOwnWordsNeverALibrarys() throws Exception {
        Path notGpkg = dir.resolve("plain.gpkg");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + notGpkg); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (a)");
        }
        MvcResult r = upload("/api/import/features", "plain.gpkg", Files.readAllBytes(notGpkg), 400);
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(json(r).path("code").asString()).isEqualTo("exchange.geopackage.broken");
        assertThat(body).doesNotContainIgnoringCase("sqlite_").doesNotContainIgnoringCase("no such table")
                .doesNotContain("PRAGMA").doesNotContain("[SQLITE");
        // A dangling foreign key in the GeoPackage tables (the old library ran PRAGMA foreign_key_check on open).
        Path dangling = geoPackage("dangling.gpkg", "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                + "VALUES ('ghost', 'attributes', 'ghost', 424242)");
        MvcResult d = mvc.perform(multipart("/api/import/features?type=trash_bin").file(new MockMultipartFile("file",
                "dangling.gpkg", "application/octet-stream", Files.readAllBytes(dangling)))).andReturn();
        assertThat(d.getResponse().getContentAsString(StandardCharsets.UTF_8)).doesNotContain("PRAGMA")
                .doesNotContain("foreign_key");
        assertThat(d.getResponse().getStatus()).isEqualTo(201);
        // A broken zip and a broken KML: no parser text.
        MvcResult zip = upload("/api/import/features", "b.zip", new byte[]{'P', 'K', 3, 4, 1, 2, 3}, 400);
        assertThat(json(zip).path("detail").asString()).doesNotContain("ZLIB").doesNotContain("invalid")
                .doesNotContain("EOF");
        MvcResult kml = upload("/api/import/features", "b.kml", "<kml><Placemark>".getBytes(StandardCharsets.UTF_8), 400);
        assertThat(json(kml).path("detail").asString()).doesNotContain("ParseError").doesNotContain("[row,col]");
    }

    @Test
    void aZipBombUploadIsRefusedAsSuch() throws Exception {
        Path zip = dir.resolve("bomb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            out.putNextEntry(new ZipEntry("a.dbf"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) out.write(zeros);
            out.closeEntry();
        }
        JsonNode p = uploadJson("/api/import/features", "bomb.zip", Files.readAllBytes(zip), 400);
        assertThat(p.path("code").asString()).isEqualTo("exchange.zip.tooCompressed");
        assertThat(p.path("detail").asString()).contains("压缩炸弹");
    }

    @Test
    void healthIsDownWhileAWriteHoldsTheStoreLongerThanTheLimit() throws Exception {
        awaitHealthy();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread writer = new Thread(() -> new TransactionTemplate(transactions).executeWithoutResult(s -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        writer.start();
        try {
            holding.await();
            Thread.sleep(1_500);
            MvcResult down = mvc.perform(get("/actuator/health")).andReturn();
            assertThat(down.getResponse().getStatus()).isEqualTo(503);
            assertThat(json(down).path("status").asString()).isEqualTo("DOWN");
        } finally {
            release.countDown();
            writer.join();
        }
        awaitHealthy();
    }

    /** UP within a few seconds (a write of another test on this busy machine may still be finishing). */
    private void awaitHealthy() throws Exception {
        long end = System.currentTimeMillis() + 20_000;
        while (health() != 200 && System.currentTimeMillis() < end) Thread.sleep(100);
        assertThat(health()).isEqualTo(200);
    }

    private int health() throws Exception {
        return mvc.perform(get("/actuator/health")).andReturn().getResponse().getStatus();
    }
}
