package org.gridwatch.exchange;

import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.lat;
import static org.gridwatch.support.Shapes.lon;
import static org.gridwatch.support.Shapes.rectangle;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the exchange API tests over MockMvc share: the requests they send, the row counts they compare
 * and the small district they seed. Each test class still says which context it runs in
 * ({@code @SpringBootTest} properties, which store) and where its district lies.
 */
abstract class ExchangeMvcTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    void postJson(String url, String body, int expected) throws Exception {
        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().is(expected));
    }

    long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    /** GETs {@code url} (which must answer 200) and saves the answer as {@code file} in the test's folder. */
    Path download(String url, String file) throws Exception {
        MvcResult r = mvc.perform(get(url)).andExpect(status().isOk()).andReturn();
        Path p = dir.resolve(file);
        Files.write(p, r.getResponse().getContentAsByteArray());
        return p;
    }

    /** Sends {@code content} as the multipart {@code file} named {@code name}; the service reads the bytes, not the part's type. */
    MvcResult upload(String url, String name, byte[] content, int expected) throws Exception {
        return mvc.perform(multipart(url).file(new MockMultipartFile("file", name, "application/octet-stream", content)))
                .andExpect(status().is(expected)).andReturn();
    }

    JsonNode uploadJson(String url, String name, byte[] content, int expected) throws Exception {
        return json(upload(url, name, content, expected));
    }

    static JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    /**
     * A large grid {@code code} of 1 km × 1 km from (lon, lat) north-east, and in its south-west
     * quarter the small grid {@code code-01} named "{@code name}第1网格".
     */
    void postGridPair(double lon, double lat, String code, String name) throws Exception {
        postJson("/api/grids", gridFeature(rectangle(lon, lat, 0, 0, 1000, 1000), code, name, "large", null), 201);
        postJson("/api/grids", gridFeature(rectangle(lon, lat, 0, 0, 500, 500), code + "-01", name + "第1网格", "small", code), 201);
    }

    /** A GeoJSON point feature with the given properties (a JSON object). */
    static String pointWith(double lon, double lat, String properties) {
        return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat
                + "]},\"properties\":" + properties + "}";
    }

    /**
     * A GeoJSON file of {@code count} points on a diagonal {@code offsetMetres} (plus one metre a point)
     * north-east of (baseLon, baseLat), each with {@code properties} where '#' stands for its index: the input
     * the tests give ogr2ogr to write files the service did not write itself.
     */
    Path pointsForOgr(double baseLon, double baseLat, double offsetMetres, String properties, int count) throws Exception {
        StringBuilder fc = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) fc.append(',');
            fc.append("{\"type\":\"Feature\",\"properties\":").append(properties.replace("#", String.valueOf(i)))
                    .append(",\"geometry\":{\"type\":\"Point\",\"coordinates\":[").append(lon(baseLon, baseLat, offsetMetres + i))
                    .append(',').append(lat(baseLat, offsetMetres + i)).append("]}}");
        }
        Path in = dir.resolve("in" + System.nanoTime() + ".geojson");
        Files.writeString(in, fc.append("]}").toString());
        return in;
    }
}
