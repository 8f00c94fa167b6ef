package org.gridwatch.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.gridwatch.support.H2TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The heatmap API over an H2GIS store: a cluster of stagnant-water sites with larvae counts, far
 * from anything else. Change stamps are re-read on every request here (interval 0).
 */
@SpringBootTest(properties = {"gridwatch.sample.enabled=false", "gridwatch.heatmap.version-check-interval=1h"})
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeatmapApiTest {

    static final double LON = 101.30;
    static final double LAT = 12.40;
    static final int Z = 15;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    long tileX;
    long tileY;

    @BeforeAll
    void features() throws Exception {
        StringBuilder body = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < 40; i++) {
            double lon = LON + (i % 8) * 0.0004;
            double lat = LAT + (i / 8) * 0.0004;
            if (i > 0) body.append(',');
            body.append(feature("stagnant_water", lon, lat, "{\"larvae\":" + (i % 4) + "}",
                    i < 20 ? "2026-03-01T00:00:00Z" : "2026-05-01T00:00:00Z"));
        }
        body.append(',').append(feature("trash_bin", LON, LAT, "{\"note\":\"full\"}", "2026-03-01T00:00:00Z"));
        body.append("]}");
        mvc.perform(post("/api/features/bulk").contentType(MediaType.APPLICATION_JSON).content(body.toString()))
                .andExpect(status().isCreated());
        WebMercatorRaster world = new WebMercatorRaster(Z, 0, 0, 1, 1, LAT);
        tileX = (long) Math.floor((world.column(LON + 0.0014) + 0.5) / 256);
        tileY = (long) Math.floor((world.row(LAT + 0.0008) + 0.5) / 256);
    }

    static String feature(String type, double lon, double lat, String attributes, String createdAt) {
        return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat
                + "]},\"properties\":{\"type\":\"" + type + "\",\"attributes\":" + attributes + ",\"createdAt\":\""
                + createdAt + "\"}}";
    }

    String tileUrl() {
        return "/api/heatmap/" + Z + "/" + tileX + "/" + tileY + ".png";
    }

    BufferedImage png(MvcResult r) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(r.getResponse().getContentAsByteArray()));
    }

    JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void tileIsA256PngColouredNearTheSitesAndTransparentFarAway() throws Exception {
        MvcResult r = mvc.perform(get(tileUrl()).param("type", "stagnant_water").param("radius", "150"))
                .andExpect(status().isOk()).andExpect(content().contentType(MediaType.IMAGE_PNG)).andReturn();
        BufferedImage image = png(r);
        assertThat(image.getWidth()).isEqualTo(256);
        assertThat(image.getHeight()).isEqualTo(256);
        int coloured = 0;
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                if (image.getRGB(x, y) >>> 24 != 0) coloured++;
            }
        }
        assertThat(coloured).isBetween(1000, 256 * 256 - 1000);
        BufferedImage empty = png(mvc.perform(get("/api/heatmap/" + Z + "/" + (tileX + 20) + "/" + tileY + ".png")
                .param("type", "stagnant_water")).andExpect(status().isOk()).andReturn());
        for (int y = 0; y < 256; y += 5) {
            for (int x = 0; x < 256; x += 5) {
                assertThat(empty.getRGB(x, y) >>> 24).isZero();
            }
        }
    }

    @Test
    void aFeatureChangeInvalidatesTheCachedTile() throws Exception {
        String url = tileUrl();
        byte[] before = mvc.perform(get(url).param("type", "stagnant_water").param("radius", "250"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        mvc.perform(get(url).param("type", "stagnant_water").param("radius", "250"))
                .andExpect(header().string("X-Heatmap-Cache", "hit"));
        MvcResult created = mvc.perform(post("/api/features").contentType(MediaType.APPLICATION_JSON)
                        .content(feature("stagnant_water", LON + 0.003, LAT + 0.001, "{}", "2026-03-02T00:00:00Z")))
                .andExpect(status().isCreated()).andReturn();
        long id = json(created).path("id").asLong();
        byte[] after = mvc.perform(get(url).param("type", "stagnant_water").param("radius", "250"))
                .andExpect(status().isOk()).andExpect(header().string("X-Heatmap-Cache", "miss"))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(after).isNotEqualTo(before);
        mvc.perform(delete("/api/features/" + id)).andExpect(status().isNoContent());
        byte[] again = mvc.perform(get(url).param("type", "stagnant_water").param("radius", "250"))
                .andExpect(header().string("X-Heatmap-Cache", "miss")).andReturn().getResponse().getContentAsByteArray();
        assertThat(again).isEqualTo(before);
    }

    @Test
    void legendGivesBreaksTheLayerMaximumAndAPinnedTileUrl() throws Exception {
        MvcResult r = mvc.perform(get("/api/heatmap/legend").param("type", "stagnant_water").param("radius", "200"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.maxSource").value("layer"))
                .andExpect(jsonPath("$.breaks.length()").value(6))
                .andExpect(jsonPath("$.breaks[0].color").value("#ffffb2"))
                .andReturn();
        JsonNode legend = json(r);
        double max = legend.path("max").asDouble();
        // 40 sites within about 120 m x 70 m: the peak is some hundreds of sites per km².
        assertThat(max).isBetween(100.0, 40 * 1e6 * KernelDensityEstimator.kernel(0, 200));
        assertThat(legend.path("breaks").get(5).path("value").asDouble()).isEqualTo(max);
        assertThat(legend.path("tileUrl").asString()).startsWith("/api/heatmap/{z}/{x}/{y}.png?type=stagnant_water")
                .contains("max=");
        mvc.perform(get("/api/heatmap/legend").param("type", "stagnant_water").param("max", "50"))
                .andExpect(jsonPath("$.max").value(50.0)).andExpect(jsonPath("$.maxSource").value("request"));
    }

    @Test
    void gridIntegratesToTheNumberOfFeaturesAndWindowsAndWeightsApply() throws Exception {
        String bbox = (LON - 0.01) + "," + (LAT - 0.01) + "," + (LON + 0.015) + "," + (LAT + 0.012);
        double all = integral(mvc.perform(get("/api/heatmap/grid").param("type", "stagnant_water").param("bbox", bbox)
                .param("width", "200").param("height", "180")).andExpect(status().isOk())
                .andExpect(jsonPath("$.width").value(200)).andExpect(jsonPath("$.values.length()").value(180))
                .andReturn());
        assertThat(all).isCloseTo(40, within(0.4));
        double march = integral(mvc.perform(get("/api/heatmap/grid").param("type", "stagnant_water").param("bbox", bbox)
                .param("width", "200").param("height", "180").param("to", "2026-04-01T00:00:00Z")).andReturn());
        assertThat(march).isCloseTo(20, within(0.2));
        double larvae = integral(mvc.perform(get("/api/heatmap/grid").param("type", "stagnant_water").param("bbox", bbox)
                .param("width", "200").param("height", "180").param("weight", "larvae")).andReturn());
        assertThat(larvae).isCloseTo(60, within(0.6)); // 10 × (0 + 1 + 2 + 3)
        MvcResult asc = mvc.perform(get("/api/heatmap/grid").param("type", "stagnant_water").param("bbox", bbox)
                .param("width", "20").param("height", "10").param("format", "asc")).andExpect(status().isOk()).andReturn();
        String text = asc.getResponse().getContentAsString();
        assertThat(text).startsWith("ncols 20\nnrows 10\nxllcorner " + (LON - 0.01));
        assertThat(text.split("\n")).hasSize(6 + 1 + 10);
    }

    double integral(MvcResult r) throws Exception {
        JsonNode g = json(r);
        JsonNode box = g.path("bbox");
        LonLatRaster frame = new LonLatRaster(box.get(0).asDouble(), box.get(1).asDouble(), box.get(2).asDouble(),
                box.get(3).asDouble(), g.path("width").asInt(), g.path("height").asInt());
        double sum = 0;
        for (int y = 0; y < frame.height(); y++) {
            double km2 = frame.cellWidthMeters(y) * frame.cellHeightMeters(y) / 1e6;
            for (JsonNode v : g.path("values").get(y)) {
                sum += v.asDouble() * km2;
            }
        }
        return sum;
    }

    @Test
    void hotSpotsPutTheClusterFirst() throws Exception {
        MvcResult r = mvc.perform(get("/api/heatmap/hotspots").param("type", "stagnant_water").param("limit", "3"))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].rank").value(1)).andReturn();
        JsonNode first = json(r).get(0);
        assertThat(first.path("lon").asDouble()).isCloseTo(LON + 0.0014, within(0.001));
        assertThat(first.path("lat").asDouble()).isCloseTo(LAT + 0.0008, within(0.001));
        assertThat(first.has("gridCode")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/heatmap/23/0/0.png?type=stagnant_water | heatmap.tile.zoom",
            "/api/heatmap/3/8/0.png?type=stagnant_water | heatmap.tile.xy",
            "/api/heatmap/3/1/-1.png?type=stagnant_water | heatmap.tile.xy",
            "/api/heatmap/3/1/1.png?type=stagnant_water&radius=0 | heatmap.radius.range",
            "/api/heatmap/3/1/1.png?type=stagnant_water&radius=-5 | heatmap.radius.range",
            "/api/heatmap/3/1/1.png?type=stagnant_water&radius=1e9 | heatmap.radius.range",
            "/api/heatmap/3/1/1.png?type=stagnant_water&radius=abc | request.parameter",
            "/api/heatmap/3/1/1.png?type=dragons | heatmap.type.unknown",
            "/api/heatmap/3/1/1.png | heatmap.type.required",
            "/api/heatmap/3/1/1.png?type=stagnant_water&from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z | heatmap.window.order",
            "/api/heatmap/3/1/1.png?type=stagnant_water&from=yesterday | heatmap.time.invalid",
            "/api/heatmap/3/1/1.png?type=trash_bin&weight=note | heatmap.weight.notNumeric",
            "/api/heatmap/3/1/1.png?type=stagnant_water&weight=colour | heatmap.weight.unknown",
            "/api/heatmap/3/1/1.png?type=stagnant_water&weight=a.b | heatmap.weight.invalid",
            "/api/heatmap/3/1/1.png?type=stagnant_water&max=-1 | heatmap.max.invalid",
            "/api/heatmap/legend?type=stagnant_water&max=0 | heatmap.max.invalid",
            "/api/heatmap/grid?type=stagnant_water&width=0 | heatmap.grid.size",
            "/api/heatmap/grid?type=stagnant_water&width=5000 | heatmap.grid.size",
            "/api/heatmap/grid?type=stagnant_water&format=tiff | heatmap.grid.format",
            "/api/heatmap/grid?type=stagnant_water&bbox=1,2,3 | bbox.format",
            "/api/heatmap/hotspots?type=stagnant_water&limit=0 | heatmap.hotspots.limit"})
    void badParametersAreRefusedClearlyAndChangeNothing(String url, String code) throws Exception {
        long features = jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class);
        mvc.perform(get(url.trim()).header("Accept-Language", "en")).andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value(code.trim()))
                .andExpect(jsonPath("$.detail").isNotEmpty());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM feature", Long.class)).isEqualTo(features);
    }

    @Test
    void refusalsSpeakChineseByDefault() throws Exception {
        mvc.perform(get("/api/heatmap/3/1/1.png").param("type", "stagnant_water").param("weight", "note")
                        .param("radius", "20000"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("半径")));
        mvc.perform(get("/api/heatmap/3/1/1.png").param("type", "trash_bin").param("weight", "note"))
                .andExpect(jsonPath("$.detail").value(containsString("不是非负数字")))
                .andExpect(jsonPath("$.featureId").isNumber());
    }
}
