package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.gridwatch.ogcapi.cql2.Cql2;
import org.gridwatch.ogcapi.cql2.Cql2Evaluator;
import org.gridwatch.ogcapi.cql2.Cql2JsonParser;
import org.gridwatch.ogcapi.cql2.Cql2TextParser;
import org.gridwatch.support.TestIdentity;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs CQL2 filters over HTTP against a running service on the sample district and compares the ids each
 * returns (every page, in order) with the same filter decided in Java ({@link Cql2Evaluator}) over every
 * item of the collection. The filters are built from the data (values, boxes and thresholds that split
 * each collection), so that each selects some items and leaves others.
 */
final class Cql2CrossCheck {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private int checked;
    private int discriminating;

    Cql2CrossCheck(String base) {
        this.base = base;
    }

    /** Checks a list of filters on trash_bin, small_grids and streets; returns how many were compared. */
    int run() throws Exception {
        List<JsonNode> bins = readAll("/collections/trash_bin/items?limit=10000");
        Envelope e = envelope(bins);
        double cx = e.centre().x, cy = e.centre().y;
        double w = e.getWidth() / 4, h = e.getHeight() / 4;
        String box = String.format(Locale.ROOT, "BBOX(%.6f, %.6f, %.6f, %.6f)", cx - w, cy - h, cx + w, cy + h);
        String triangle = String.format(Locale.ROOT, "POLYGON((%.6f %.6f, %.6f %.6f, %.6f %.6f, %.6f %.6f))",
                e.getMinX(), e.getMinY(), e.getMaxX(), e.getMinY(), cx, e.getMaxY(), e.getMinX(), e.getMinY());
        // Boxes with a bin exactly on a corner: S_INTERSECTS includes the boundary (a box test alone answers it
        // on the feature tables, so it must be exact there).
        JsonNode corner = bins.get(bins.size() / 5).at("/geometry/coordinates");
        double bx = corner.get(0).doubleValue(), by = corner.get(1).doubleValue();
        String cornerLow = "BBOX(" + bx + ", " + by + ", " + (bx + 0.002) + ", " + (by + 0.002) + ")";
        String cornerHigh = "BBOX(" + (bx - 0.002) + ", " + (by - 0.002) + ", " + bx + ", " + by + ")";
        String grid1 = text(bins.get(0), "gridCode"), grid2 = text(bins.get(bins.size() / 2), "gridCode");
        String t0 = text(bins.get(bins.size() / 3), "createdAt");
        List<String> binFilters = List.of(
                "status = 'active'",
                "status <> 'active' AND version >= 0",
                "name LIKE '%1%'",
                "name NOT LIKE '%1_'",
                "gridCode IN ('" + grid1 + "', '" + grid2 + "')",
                "address IS NULL OR address LIKE '%号%'",
                "NOT (status = 'removed')",
                "S_INTERSECTS(geometry, " + box + ")",
                "S_INTERSECTS(geometry, " + cornerLow + ")",
                "S_INTERSECTS(geometry, " + cornerHigh + ") AND status IN ('active', 'removed')",
                "S_WITHIN(geometry, " + cornerLow + ")",
                "S_WITHIN(geometry, " + triangle + ")",
                "S_DISJOINT(geometry, " + box + ")",
                "T_INTERSECTS(createdAt, INTERVAL('2026-07-01', '2026-08-31'))",
                "T_INTERSECTS(createdAt, INTERVAL('..', '" + t0 + "'))",
                "createdAt > TIMESTAMP('" + t0 + "')",
                "createdAt <= DATE('2026-08-01') AND status = 'active'",
                "updatedAt > createdAt",
                "version BETWEEN 0 AND 1",
                "type = 'trash_bin' AND S_INTERSECTS(geometry, " + triangle + ") AND status IN ('active', 'removed')",
                "(status = 'active' OR gridCode = '" + grid1 + "') AND NOT S_INTERSECTS(geometry, " + box + ")",
                "code = 'no such code'",
                "TRUE AND 1 = 1");
        for (String f : binFilters) check("trash_bin", bins, f, null);
        check("trash_bin", bins, "{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"status\"},\"active\"]},"
                + "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"bbox\":["
                + (cx - w) + "," + (cy - h) + "," + (cx + w) + "," + (cy + h) + "]}]}]}", "cql2-json");
        // The same box written latitude first in EPSG:4326 selects the same items.
        String latLonBox = String.format(Locale.ROOT, "S_INTERSECTS(geometry, BBOX(%.6f, %.6f, %.6f, %.6f))",
                cy - h, cx - w, cy + h, cx + w);
        assertThat(ids(readAll("/collections/trash_bin/items?limit=1000&filter-crs="
                + enc(CrsRegistry.EPSG_PREFIX + 4326) + "&filter=" + enc(latLonBox))))
                .isEqualTo(ids(readAll("/collections/trash_bin/items?limit=1000&filter=" + enc("S_INTERSECTS(geometry, " + box + ")"))))
                .isNotEmpty();

        List<JsonNode> grids = readAll("/collections/small_grids/items?limit=10000");
        TreeSet<BigDecimal> areas = new TreeSet<>();
        grids.forEach(g -> areas.add(g.at("/properties/areaM2").decimalValue()));
        BigDecimal below = new ArrayList<>(areas).get(areas.size() / 2);
        BigDecimal mid = below.add(areas.higher(below)).divide(BigDecimal.valueOf(2));
        Envelope ge = envelope(grids);
        String inside = String.format(Locale.ROOT, "POINT(%.6f %.6f)", ge.centre().x + 1e-5, ge.centre().y + 1e-5);
        String gridBox = String.format(Locale.ROOT, "BBOX(%.6f, %.6f, %.6f, %.6f)", ge.getMinX(), ge.getMinY(),
                ge.centre().x, ge.centre().y);
        String parent = text(grids.get(0), "parentCode");
        for (String f : List.of("areaM2 > " + mid, "areaM2 <= " + mid + " AND parentCode = '" + parent + "'",
                "S_INTERSECTS(geometry, " + inside + ")", "S_CONTAINS(geometry, " + inside + ")",
                "S_WITHIN(geometry, " + gridBox + ")", "S_INTERSECTS(geometry, " + gridBox + ") AND NOT S_WITHIN(geometry, "
                        + gridBox + ")", "level = 'small' AND code LIKE '%-01%'", "responsiblePerson IS NOT NULL")) {
            check("small_grids", grids, f, null);
        }

        List<JsonNode> streets = readAll("/collections/streets/items?limit=10000");
        Envelope se = envelope(streets);
        String across = String.format(Locale.ROOT, "LINESTRING(%.6f %.6f, %.6f %.6f)", se.getMinX(), se.centre().y,
                se.getMaxX(), se.centre().y + 1e-4);
        String streetClass = text(streets.get(0), "class");
        for (String f : List.of("class = '" + streetClass + "'", "S_CROSSES(geometry, " + across + ")",
                "S_INTERSECTS(geometry, " + across + ") OR name LIKE '%路'", "name IN ('" + text(streets.get(3), "name") + "')")) {
            check("streets", streets, f, null);
        }
        return checked;
    }

    private void check(String collection, List<JsonNode> all, String filter, String lang) throws Exception {
        Cql2.Filter parsed = "cql2-json".equals(lang) ? Cql2JsonParser.parse(filter) : Cql2TextParser.parse(filter);
        List<Object> expected = new ArrayList<>();
        for (JsonNode item : all) {
            if (Boolean.TRUE.equals(Cql2Evaluator.evaluate(parsed, name -> value(item, name)))) expected.add(item.path("id").asString());
        }
        String url = "/collections/" + collection + "/items?limit=97&filter=" + enc(filter)
                + (lang == null ? "" : "&filter-lang=" + lang);
        List<JsonNode> got = readAll(url);
        assertThat(ids(got)).as(collection + ": " + filter).isEqualTo(expected);
        JsonNode first = json(url);
        assertThat(first.path("numberMatched").asLong()).as(filter).isEqualTo(expected.size());
        checked++;
        if (!expected.isEmpty() && expected.size() < all.size()) discriminating++;
    }

    /** How many of the filters selected some items of their collection but not all. */
    int discriminating() {
        return discriminating;
    }

    private static Object value(JsonNode item, String name) {
        if (name.equals(CollectionSpec.GEOMETRY)) return geometry(item.path("geometry"));
        JsonNode v = item.path("properties").path(name);
        if (v.isMissingNode() || v.isNull()) return null;
        if (v.isNumber()) return v.decimalValue();
        return v.asString();
    }

    /** A GeoJSON geometry read through the CQL2 JSON parser, which accepts one as a literal. */
    private static Geometry geometry(JsonNode g) {
        Cql2.Spatial s = (Cql2.Spatial) Cql2JsonParser.parse("{\"op\":\"s_intersects\",\"args\":[{\"property\":\"g\"},"
                + g.toString() + "]}");
        return ((Cql2.GeometryLiteral) s.right()).geometry();
    }

    private static Envelope envelope(List<JsonNode> items) {
        Envelope e = new Envelope();
        items.forEach(i -> e.expandToInclude(geometry(i.path("geometry")).getEnvelopeInternal()));
        return e;
    }

    private static String text(JsonNode item, String property) {
        return item.path("properties").path(property).asString();
    }

    private static List<Object> ids(List<JsonNode> items) {
        return items.stream().map(i -> (Object) i.path("id").asString()).toList();
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .header("Authorization", TestIdentity.adminBasicHeader()).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private List<JsonNode> readAll(String first) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        String url = first;
        while (url != null) {
            JsonNode page = json(url);
            page.path("features").forEach(out::add);
            url = null;
            for (JsonNode l : page.path("links")) {
                if (l.path("rel").asString().equals("next")) url = l.path("href").asString();
            }
        }
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
