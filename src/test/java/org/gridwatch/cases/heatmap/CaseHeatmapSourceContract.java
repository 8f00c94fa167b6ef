package org.gridwatch.cases.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.gridwatch.heatmap.HeatmapPointSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code source=cases} of the heatmap on each store: the points are the reported cases of the chosen
 * classes, timed by report; merged and rejected cases are not counted; the stamp moves with a
 * transition; and the heatmap API draws them (its densest place is where the cases cluster, the
 * from/to window selects by report time).
 */
abstract class CaseHeatmapSourceContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A quiet corner far from any sample data: the cases below are the only ones near it. */
    private static final double LON = 121.40, LAT = 31.20;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    List<HeatmapPointSource> sources;

    @Autowired
    MockMvc mvc;

    private long next = 1;

    @BeforeEach
    void cases() {
        jdbc.update("DELETE FROM cases");
        // Three garbage cases within ~30 m in November, one more a month later; a bin overflow 2 km
        // away; one duplicate merged and one rejected right beside the cluster.
        insert("exposed_garbage", "dispatched", LON, LAT, "2026-11-10T02:00:00Z");
        insert("exposed_garbage", "closed", LON + 0.0002, LAT, "2026-11-11T02:00:00Z");
        insert("exposed_garbage", "reported", LON, LAT + 0.0002, "2026-11-12T02:00:00Z");
        insert("exposed_garbage", "registered", LON + 0.0001, LAT + 0.0001, "2026-12-05T02:00:00Z");
        insert("bin_overflow", "handled", LON + 0.02, LAT, "2026-11-15T02:00:00Z");
        insert("exposed_garbage", "merged", LON + 0.0001, LAT, "2026-11-13T02:00:00Z");
        insert("exposed_garbage", "rejected", LON, LAT + 0.0001, "2026-11-14T02:00:00Z");
    }

    private void insert(String classCode, String status, double lon, double lat, String reportedAt) {
        long id = next++;
        Timestamp at = Timestamp.from(Instant.parse(reportedAt));
        jdbc.update("INSERT INTO cases (case_number, source, class_code, status, lon, lat, geom, reported_at, updated_at, version) "
                        + "VALUES (?, 'field', ?, ?, ?, ?, ST_GeomFromText(?, 4326), ?, ?, 0)",
                "20261101-" + String.format("%04d", id), classCode, status, lon, lat,
                "POINT(" + lon + " " + lat + ")", at, at);
    }

    private HeatmapPointSource source() {
        return sources.stream().filter(s -> s.name().equals("cases")).findFirst().orElseThrow();
    }

    private List<double[]> points(List<String> classes) {
        List<double[]> out = new ArrayList<>();
        source().forEach(classes, (lon, lat, time, id) -> out.add(new double[]{lon, lat, time}));
        return out;
    }

    @Test
    void everyOpenOrClosedCaseOfTheChosenClassesIsOnePointTimedByItsReport() {
        assertThat(points(List.of())).hasSize(5);
        List<double[]> garbage = points(List.of("exposed_garbage"));
        assertThat(garbage).hasSize(4);
        assertThat(garbage.get(0)[0]).isEqualTo(LON);
        assertThat(garbage.get(0)[1]).isEqualTo(LAT);
        assertThat((long) garbage.get(0)[2]).isEqualTo(Instant.parse("2026-11-10T02:00:00Z").toEpochMilli());
        assertThat(points(List.of("bin_overflow"))).hasSize(1);
        assertThat(points(List.of("well_cover"))).isEmpty();
    }

    @Test
    void theStampMovesWhenACaseChanges() {
        String before = source().stamp();
        assertThat(source().stamp()).isEqualTo(before);
        jdbc.update("UPDATE cases SET status = 'merged', updated_at = ? WHERE status = 'reported'",
                Timestamp.from(Instant.parse("2026-12-06T02:00:00Z")));
        assertThat(source().stamp()).isNotEqualTo(before);
        assertThat(points(List.of("exposed_garbage"))).hasSize(3);
    }

    @Test
    void theHeatmapDrawsCasesByClassAndPeriod() throws Exception {
        String november = "&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z";
        JsonNode hot = json("/api/heatmap/hotspots?source=cases&type=exposed_garbage&radius=100&limit=1" + november);
        assertThat(hot.get(0).path("lon").doubleValue()).isCloseTo(LON + 0.0001, within(0.0005));
        assertThat(hot.get(0).path("lat").doubleValue()).isCloseTo(LAT + 0.0001, within(0.0005));
        // The bin overflow alone: its peak is 2 km east.
        JsonNode bins = json("/api/heatmap/hotspots?source=cases&type=bin_overflow&radius=100&limit=1" + november);
        assertThat(bins.get(0).path("lon").doubleValue()).isCloseTo(LON + 0.02, within(0.0005));
        // December holds a single garbage case: its peak density is a third of November's cluster or less.
        JsonNode december = json("/api/heatmap/hotspots?source=cases&type=exposed_garbage&radius=100&limit=1"
                + "&from=2026-12-01T00:00:00Z&to=2027-01-01T00:00:00Z");
        assertThat(december.get(0).path("densityPerKm2").doubleValue())
                .isLessThan(hot.get(0).path("densityPerKm2").doubleValue() / 2.5);
        JsonNode legend = json("/api/heatmap/legend?source=cases&radius=100" + november);
        assertThat(legend.path("tileUrl").asString()).contains("source=cases");
        // A feature type is not a case class: refused in the caller's language, naming the classes.
        String refusal = mvc.perform(get("/api/heatmap/legend?source=cases&type=trash_bin").header("Accept-Language", "en"))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(JSON.readTree(refusal).path("code").asString()).isEqualTo("heatmap.type.unknown");
        assertThat(JSON.readTree(refusal).path("detail").asString()).contains("trash_bin", "exposed_garbage");
    }

    private JsonNode json(String url) throws Exception {
        return JSON.readTree(mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }
}
