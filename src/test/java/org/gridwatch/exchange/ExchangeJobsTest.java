package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.gridwatch.support.Shapes.rectangle;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;

/**
 * Exchange jobs over the API: an export job's file, an import job cancelled with nothing stored, the
 * bound on running jobs, and expiry deleting the results. One worker thread, so a second job waits.
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false", "gridwatch.exchange.jobs.max=2",
        "gridwatch.exchange.jobs.threads=1", "gridwatch.exchange.jobs.expiry=PT1S"})
@AutoConfigureMockMvc
class ExchangeJobsTest extends ExchangeMvcTest {

    static final double LON = 113.0;
    static final double LAT = 22.0;
    private static boolean seeded;

    @Autowired
    ExchangeJobs jobs;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @BeforeEach
    void seed() throws Exception {
        if (seeded) return;
        postJson("/api/grids", gridFeature(rectangle(LON, LAT, 0, 0, 1000, 1000), "J1", "任务社区", "large", null), 201);
        for (int i = 0; i < 5; i++) {
            postJson("/api/features", pointWith(lon(LON, LAT, 10 + i * 10), lat(LAT, 10),
                    "{\"type\":\"trash_bin\",\"name\":\"任务垃圾桶" + i + "\"}"), 201);
        }
        seeded = true;
    }

    private JsonNode poll(String id, long timeoutMillis) throws Exception {
        long end = System.currentTimeMillis() + timeoutMillis;
        JsonNode s;
        do {
            s = json(mvc.perform(get("/api/exchange/jobs/" + id)).andExpect(status().isOk()).andReturn());
            String state = s.path("state").asString();
            if (!state.equals("queued") && !state.equals("running")) return s;
            Thread.sleep(50);
        } while (System.currentTimeMillis() < end);
        return s;
    }

    private JsonNode startBigImport(int rows) throws Exception {
        StringBuilder csv = new StringBuilder("name,type,lon,lat\n");
        for (int i = 0; i < rows; i++) {
            csv.append('b').append(i).append(",trash_bin,").append(lon(LON, LAT, 5 + (i % 900))).append(',')
                    .append(lat(LAT, 5 + (i / 900) % 900)).append('\n');
        }
        return json(mvc.perform(multipart("/api/exchange/jobs").file(new MockMultipartFile("file", "big.csv", "text/csv",
                        csv.toString().getBytes(StandardCharsets.UTF_8))).param("kind", "import").param("layer", "features"))
                .andExpect(status().isAccepted()).andReturn());
    }

    @Test
    void anExportJobEndsWithADownloadableFile() throws Exception {
        JsonNode started = json(mvc.perform(post("/api/exchange/jobs").param("kind", "export").param("layer", "features")
                .param("format", "gpkg")).andExpect(status().isAccepted()).andReturn());
        JsonNode done = poll(started.path("id").asString(), 60_000);
        long n = count("SELECT COUNT(*) FROM feature WHERE status = 'active'");
        assertThat(done.path("state").asString()).isEqualTo("done");
        assertThat(done.path("done").asLong()).isEqualTo(n);
        assertThat(done.path("total").asLong()).isEqualTo(n);
        MvcResult file = mvc.perform(get(done.path("resultUrl").asString())).andExpect(status().isOk()).andReturn();
        byte[] bytes = file.getResponse().getContentAsByteArray();
        assertThat(new String(bytes, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");
        assertThat(file.getResponse().getHeader("Content-Disposition")).contains("features.gpkg");
        Path gpkg = Files.write(dir.resolve("j.gpkg"), bytes);
        try (GeoPackageReader r = GeoPackageReader.open(gpkg, null, 1000)) {
            assertThat(r.count()).isEqualTo((int) n);
        }
    }

    @Test
    void aCancelledImportJobStoresNothing() throws Exception {
        long before = count("SELECT COUNT(*) FROM feature");
        JsonNode started = startBigImport(25_000);
        String id = started.path("id").asString();
        // Cancel once it runs, so the cancellation has to unwind a running import and roll it back.
        long end0 = System.currentTimeMillis() + 60_000;
        while (!json(mvc.perform(get("/api/exchange/jobs/" + id)).andReturn()).path("state").asString().equals("running")
                && System.currentTimeMillis() < end0) {
            Thread.sleep(5);
        }
        JsonNode cancelled = json(mvc.perform(delete("/api/exchange/jobs/" + id)).andExpect(status().isOk()).andReturn());
        JsonNode end = poll(id, 120_000);
        assertThat(end.path("state").asString()).as(cancelled.toString()).isEqualTo("cancelled");
        assertThat(count("SELECT COUNT(*) FROM feature")).as("nothing half-stored").isEqualTo(before);
        mvc.perform(get("/api/exchange/jobs/" + id + "/result")).andExpect(status().isConflict());
    }

    @Test
    void anImportJobReportsItsRefusalInTheCallersLanguage() throws Exception {
        JsonNode started = json(mvc.perform(multipart("/api/exchange/jobs").file(new MockMultipartFile("file", "bad.csv",
                        "text/csv", "name,type,lon,lat\na,no_such_type,113.001,22.001\n".getBytes(StandardCharsets.UTF_8)))
                .param("kind", "import").param("layer", "features")).andExpect(status().isAccepted()).andReturn());
        String id = started.path("id").asString();
        poll(id, 60_000);
        JsonNode en = json(mvc.perform(get("/api/exchange/jobs/" + id).header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn());
        assertThat(en.path("state").asString()).isEqualTo("failed");
        assertThat(en.path("error").path("code").asString()).isEqualTo("exchange.import.rejected");
        assertThat(en.path("error").path("detail").asString()).contains("nothing was stored");
        assertThat(en.path("error").path("errors").get(0).path("index").asInt()).isZero();
        JsonNode zh = json(mvc.perform(get("/api/exchange/jobs/" + id)).andReturn());
        assertThat(zh.path("error").path("detail").asString()).contains("未保存任何数据");
    }

    @Test
    void runningJobsAreBoundedAndFinishedOnesExpireWithTheirFiles() throws Exception {
        JsonNode first = startBigImport(20_000);
        JsonNode second = startBigImport(10);
        // Two unfinished jobs fill the bound of 2: a third is refused until one ends.
        MvcResult third = mvc.perform(post("/api/exchange/jobs").param("kind", "export").param("layer", "streets"))
                .andExpect(status().isTooManyRequests()).andReturn();
        assertThat(json(third).path("code").asString()).isEqualTo("exchange.jobs.tooMany");
        mvc.perform(delete("/api/exchange/jobs/" + first.path("id").asString())).andExpect(status().isOk());
        mvc.perform(delete("/api/exchange/jobs/" + second.path("id").asString())).andExpect(status().isOk());
        poll(first.path("id").asString(), 120_000);

        JsonNode export = json(mvc.perform(post("/api/exchange/jobs").param("kind", "export").param("layer", "large_grids")
                .param("format", "kml")).andExpect(status().isAccepted()).andReturn());
        String id = export.path("id").asString();
        assertThat(poll(id, 60_000).path("state").asString()).isEqualTo("done");
        Path jobDir = jobs.directory(id).orElseThrow();
        assertThat(Files.list(jobDir).count()).isEqualTo(1);
        Thread.sleep(1_100);
        jobs.sweep();
        assertThat(Files.exists(jobDir)).as("expiry deletes the result file").isFalse();
        MvcResult gone = mvc.perform(get("/api/exchange/jobs/" + id)).andExpect(status().isNotFound()).andReturn();
        assertThat(json(gone).path("code").asString()).isEqualTo("exchange.job.unknown");
        mvc.perform(post("/api/exchange/jobs").param("kind", "export").param("layer", "nope"))
                .andExpect(status().isBadRequest());
    }
}
