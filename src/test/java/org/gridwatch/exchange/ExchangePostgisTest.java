package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.gridwatch.feature.FeatureBulkLoader;
import org.gridwatch.feature.FeatureDraft;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.support.PostgisTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

/**
 * The fast paths on PostGIS: the feature shapefile export (raw binary cursor, data-sized .dbf, STORED
 * zip) proved by ogrinfo against the table, and the feature import through COPY — all or nothing, grid
 * codes computed, every record checked by the API's rules, refused records listed by index.
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false"})
@AutoConfigureMockMvc
@ActiveProfiles("postgis")
class ExchangePostgisTest extends ExchangeMvcTest {

    static final double LON = 114.0;
    static final double LAT = 22.5;
    private static boolean seeded;

    @Autowired
    FeatureBulkLoader loader;
    @Autowired
    PlatformTransactionManager transactions;

    @BeforeAll
    static void needsPostgis() {
        PostgisTestDatabase.assumeAvailable();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        PostgisTestDatabase.register(registry);
    }

    @BeforeEach
    void seed() throws Exception {
        if (seeded) return;
        postGridPair(LON, LAT, "L1", "凤盛社区");
        for (int i = 0; i < 4; i++) {
            postJson("/api/features", pointWith(lon(LON, LAT, 50 + i * 120), lat(LAT, 60 + i * 40), "{\"type\":\""
                    + (i % 2 == 0 ? "trash_bin" : "sewer_well") + "\",\"name\":\"解放路窨井" + i + "号\",\"code\":\"SW-" + i
                    + "\",\"createdAt\":\"2026-06-17T16:35:48Z\",\"attributes\":{\"depthCm\":" + (10 * i) + "}}"), 201);
        }
        seeded = true;
    }

    private Path unzip(byte[] zip, String name) throws Exception {
        Path file = dir.resolve(name + ".zip");
        Files.write(file, zip);
        Path out = Files.createDirectories(dir.resolve(name));
        try (ZipFile z = new ZipFile(file.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                if (e.getName().matches(".*\\.(shp|shx|dbf)")) {
                    assertThat(e.getMethod()).as(e.getName() + " is stored, not deflated").isEqualTo(ZipEntry.STORED);
                }
                Files.copy(z.getInputStream(e), out.resolve(e.getName()));
            }
        }
        return out;
    }

    @Test
    void exportedFeaturesMatchTheTableInOgrinfo() throws Exception {
        Gdal.assumeAvailable();
        // One type, so that what other tests import does not change the widths.
        byte[] zip = mvc.perform(get("/api/export/features?format=shapefile&status=all&type=sewer_well"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        Path shp = unzip(zip, "utf8").resolve("features.shp");
        long n = count("SELECT COUNT(*) FROM feature WHERE type_key = 'sewer_well'");
        String info = Gdal.run("ogrinfo", "-al", shp.toString());
        // Widths follow the data: "sewer_well" is 10 bytes, "解放路窨井1号" 6 characters of 3 bytes and a digit.
        assertThat(info).contains("Feature Count: " + n).contains("type: String (10.0)").contains("name: String (19.0)")
                .contains("gridCode: String (5.0)").contains("id: Integer64 (10.0)").contains("createdAt: Date (10.0)")
                .contains("name (String) = 解放路窨井1号").contains("gridCode (String) = L1-01")
                .contains("attributes (String) = {\"depthCm\":30}")
                // 16:35:48 UTC is 00:35:48 the next day in China.
                .contains("createdAt (Date) = 2026/06/18");
        Map<String, Object> row = jdbc.queryForMap("SELECT id, ST_X(geom) AS x, ST_Y(geom) AS y FROM feature WHERE code = 'SW-1'");
        String csv = Gdal.run("ogr2ogr", "-f", "CSV", "/vsistdout/", "-lco", "GEOMETRY=AS_XY", "-where", "code = 'SW-1'",
                shp.toString());
        String[] values = csv.strip().split("\n")[1].split(",");
        assertThat(Double.parseDouble(values[0])).isCloseTo(((Number) row.get("x")).doubleValue(), within(1e-12));
        assertThat(Double.parseDouble(values[1])).isCloseTo(((Number) row.get("y")).doubleValue(), within(1e-12));
        assertThat(Long.parseLong(values[2].replace("\"", ""))).isEqualTo(((Number) row.get("id")).longValue());
        assertThat(Files.readString(shp.resolveSibling("fields.txt"))).contains("name\tname\ttext(19 bytes)");

        byte[] gbk = mvc.perform(get("/api/export/features?format=shapefile&encoding=GBK&type=sewer_well"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        Path gbkShp = unzip(gbk, "gbk").resolve("features.shp");
        assertThat(Gdal.run("ogrinfo", "-al", gbkShp.toString()))
                .contains("Feature Count: " + count("SELECT COUNT(*) FROM feature WHERE type_key = 'sewer_well' AND status = 'active'"))
                .contains("name: String (13.0)").contains("name (String) = 解放路窨井3号");
    }

    /** A zipped GeoJSON (the import reads it like a shapefile's records) of the given feature bodies. */
    private static byte[] zippedGeoJson(String... features) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("points.geojson"));
            zip.write(("{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static String feature(double eastMeters, String properties) {
        return pointWith(lon(LON, LAT, eastMeters), lat(LAT, 100), properties);
    }

    private JsonNode upload(String url, byte[] zip, int expected) throws Exception {
        MvcResult r = mvc.perform(multipart(url).file(new MockMultipartFile("file", "in.zip", "application/zip", zip))
                .header("Accept-Language", "en")).andExpect(status().is(expected)).andReturn();
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void anExportedShapefileComesBackThroughCopyWithGridCodesAndItsText() throws Exception {
        byte[] zip = mvc.perform(get("/api/export/features?format=shapefile&type=trash_bin")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        long before = count("SELECT COUNT(*) FROM feature");
        long bins = count("SELECT COUNT(*) FROM feature WHERE type_key = 'trash_bin' AND status = 'active'");
        JsonNode stored = upload("/api/import/features", zip, 201);
        assertThat(stored.path("stored").asLong()).isEqualTo(bins);
        assertThat(count("SELECT COUNT(*) FROM feature")).isEqualTo(before + bins);
        Map<String, Object> copy = jdbc.queryForMap("SELECT name, attributes, grid_code, ST_X(geom) AS x, created_at "
                + "FROM feature WHERE code = 'SW-0' ORDER BY id DESC LIMIT 1");
        Map<String, Object> original = jdbc.queryForMap("SELECT ST_X(geom) AS x FROM feature WHERE code = 'SW-0' ORDER BY id LIMIT 1");
        assertThat(copy.get("name")).isEqualTo("解放路窨井0号");
        assertThat(copy.get("attributes").toString()).isEqualTo("{\"depthCm\":0}");
        assertThat(copy.get("grid_code")).as("computed for the imported point").isEqualTo("L1-01");
        assertThat(((Number) copy.get("x")).doubleValue()).isEqualTo(((Number) original.get("x")).doubleValue());
        // The .dbf keeps the calendar day in China; the import takes its start (UTC+8).
        assertThat(count("SELECT COUNT(*) FROM feature WHERE code IN ('SW-0', 'SW-2') "
                + "AND created_at = TIMESTAMPTZ '2026-06-18 00:00:00+08'")).isEqualTo(2);
    }

    @Test
    void textThatCopyMustEscapeIsStoredExactly() throws Exception {
        String name = "东门\t后巷\\2号\n(旧)";
        String body = feature(300, "{\"type\":\"trash_bin\",\"name\":" + JSON.writeValueAsString(name)
                + ",\"code\":\"ESC-1\",\"address\":\"\\\\N\"}");
        assertThat(upload("/api/import/features", zippedGeoJson(body), 201).path("stored").asInt()).isEqualTo(1);
        Map<String, Object> row = jdbc.queryForMap("SELECT name, address, status FROM feature WHERE code = 'ESC-1'");
        assertThat(row.get("name")).isEqualTo(name);
        assertThat(row.get("address")).as("a literal \\N is text, not COPY's null").isEqualTo("\\N");
        assertThat(row.get("status")).isEqualTo("active");
    }

    @Test
    void badRecordsAreListedByIndexAndNothingIsStored() throws Exception {
        long before = count("SELECT COUNT(*) FROM feature");
        byte[] zip = zippedGeoJson(
                // The first record names the fields the import maps (GeoJSON has no header).
                feature(10, "{\"type\":\"trash_bin\",\"name\":\"好\",\"status\":\"active\",\"attributes\":{}}"),
                feature(20, "{\"type\":\"trash_bin\",\"status\":\"lost\"}"),
                feature(30, "{\"type\":\"no_such_type\"}"),
                feature(40, "{\"type\":\"trash_bin\",\"name\":\"" + "长".repeat(201) + "\"}"),
                "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[181,22.5]},\"properties\":{\"type\":\"trash_bin\"}}",
                feature(50, "{\"type\":\"trash_bin\",\"attributes\":\"[1,2]\"}"),
                feature(60, "{\"type\":\"trash_bin\"}"));
        JsonNode preview = upload("/api/import/features?dryRun=true", zip, 200);
        assertThat(preview.path("invalidCount").asInt()).as(preview.toString()).isEqualTo(5);
        JsonNode problem = upload("/api/import/features", zip, 400);
        assertThat(problem.path("code").asString()).isEqualTo("exchange.import.rejected");
        assertThat(problem.path("invalidCount").asInt()).isEqualTo(5);
        JsonNode errors = problem.path("errors");
        assertThat(errors).hasSize(5);
        assertThat(errors.get(0).path("index").asInt()).isEqualTo(1);
        assertThat(errors.get(0).path("code").asString()).isEqualTo("feature.status.invalid");
        assertThat(errors.get(1).path("index").asInt()).isEqualTo(2);
        assertThat(errors.get(1).path("code").asString()).isEqualTo("feature.type.unknown");
        assertThat(errors.get(2).path("index").asInt()).isEqualTo(3);
        assertThat(errors.get(2).path("code").asString()).isEqualTo("feature.text.tooLong");
        assertThat(errors.get(3).path("index").asInt()).isEqualTo(4);
        assertThat(errors.get(4).path("index").asInt()).isEqualTo(5);
        assertThat(errors.get(4).path("code").asString()).isEqualTo("feature.attributes.notObject");
        assertThat(problem.path("detail").asString()).contains("5 of 7 records are invalid");
        assertThat(count("SELECT COUNT(*) FROM feature")).as("nothing stored, not even the valid records")
                .isEqualTo(before);
    }

    @Test
    void aTooLongNameIsRefusedByTheApiToo() throws Exception {
        MvcResult r = mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                .content(feature(70, "{\"type\":\"trash_bin\",\"name\":\"" + "长".repeat(201) + "\"}")))
                .andExpect(status().isBadRequest()).andReturn();
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).contains("feature.text.tooLong").contains("最多 200 个字符");
    }

    private FeatureDraft draft(String type, double eastMeters, String code) {
        return new FeatureDraft(type, GeometryFactories.point(lon(LON, LAT, eastMeters), lat(LAT, 200)), "批量" + code, code,
                null, null, null, null, null);
    }

    @Test
    void aLargeLoadRebuildsTheIndexesInItsTransactionAndARefusedOneLeavesThemAsTheyWere() {
        String indexes = "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
                + "WHERE schemaname = current_schema() AND tablename = 'feature'";
        String before = jdbc.queryForObject(indexes, String.class);
        assertThat(before).contains("feature_geom_idx").contains("feature_grid_idx");
        // A rebuilt index is a new relation: its oid changes.
        String geomIndexOid = "SELECT 'feature_geom_idx'::regclass::oid::bigint";
        long oidBefore = jdbc.queryForObject(geomIndexOid, Long.class);
        TransactionTemplate tx = new TransactionTemplate(transactions);
        // Announced as large (the table is smaller): the indexes are dropped, the rows copied, the indexes rebuilt.
        FeatureBulkLoader.Result ok = tx.execute(status -> {
            try (FeatureBulkLoader.Load load = loader.begin(true, 10, FeatureBulkLoader.REBUILD_INDEXES_FROM)) {
                load.add(0, draft("trash_bin", 600, "BULK-1"));
                load.add(1, draft("sewer_well", 700, "BULK-2"));
                return load.finish();
            }
        });
        assertThat(ok.stored()).isEqualTo(2);
        assertThat(jdbc.queryForObject(indexes, String.class)).isEqualTo(before);
        long oidAfter = jdbc.queryForObject(geomIndexOid, Long.class);
        assertThat(oidAfter).as("dropped and built again").isNotEqualTo(oidBefore);
        assertThat(count("SELECT COUNT(*) FROM feature WHERE code LIKE 'BULK-%' AND grid_code IS NULL")).as("outside L1-01")
                .isEqualTo(2);
        // A refused record: nothing more is sent, the caller rolls back, the dropped indexes come back.
        FeatureBulkLoader.Result refused = tx.execute(status -> {
            try (FeatureBulkLoader.Load load = loader.begin(true, 10, FeatureBulkLoader.REBUILD_INDEXES_FROM)) {
                load.add(0, draft("trash_bin", 100, "BULK-3"));
                load.add(1, draft("no_such_type", 110, "BULK-4"));
                load.add(2, draft("trash_bin", 120, "BULK-5"));
                FeatureBulkLoader.Result r = load.finish();
                status.setRollbackOnly();
                return r;
            }
        });
        assertThat(refused.invalid()).isEqualTo(1);
        assertThat(refused.problems().get(0).index()).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM feature WHERE code IN ('BULK-3', 'BULK-5')")).isZero();
        assertThat(jdbc.queryForObject(indexes, String.class)).isEqualTo(before);
        assertThat(jdbc.queryForObject(geomIndexOid, Long.class)).as("the rollback restored the index as it was")
                .isEqualTo(oidAfter);
    }
}
