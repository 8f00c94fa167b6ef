package org.gridwatch.ogcapi.cql2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.GeometryFactories;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Point;

/** CQL2 text and JSON parse to the same trees; errors name where they are; the SQL binds every literal. */
class Cql2ParserTest {

    private static Cql2.Property p(String name) {
        return new Cql2.Property(name);
    }

    private static Cql2.Text t(String v) {
        return new Cql2.Text(v);
    }

    private static Cql2.Number n(String v) {
        return new Cql2.Number(new BigDecimal(v));
    }

    @Test
    void textAndJsonOfTheSameFilterGiveTheSameTree() {
        Map<String, String> pairs = new java.util.LinkedHashMap<>();
        pairs.put("status = 'active'", "{\"op\":\"=\",\"args\":[{\"property\":\"status\"},\"active\"]}");
        pairs.put("version >= 2 AND name LIKE '花园%'", "{\"op\":\"and\",\"args\":[{\"op\":\">=\",\"args\":[{\"property\":\"version\"},2]},"
                + "{\"op\":\"like\",\"args\":[{\"property\":\"name\"},\"花园%\"]}]}");
        pairs.put("areaM2 BETWEEN 1000 AND 2000.5", "{\"op\":\"between\",\"args\":[{\"property\":\"areaM2\"},1000,2000.5]}");
        pairs.put("gridCode IN ('A', 'B')", "{\"op\":\"in\",\"args\":[{\"property\":\"gridCode\"},[\"A\",\"B\"]]}");
        pairs.put("address IS NULL", "{\"op\":\"isNull\",\"args\":[{\"property\":\"address\"}]}");
        pairs.put("NOT (status <> 'removed' OR code = 'x')", "{\"op\":\"not\",\"args\":[{\"op\":\"or\",\"args\":["
                + "{\"op\":\"<>\",\"args\":[{\"property\":\"status\"},\"removed\"]},{\"op\":\"=\",\"args\":[{\"property\":\"code\"},\"x\"]}]}]}");
        pairs.put("S_INTERSECTS(geometry, POINT(114.06 22.54))", "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},"
                + "{\"type\":\"Point\",\"coordinates\":[114.06,22.54]}]}");
        pairs.put("S_WITHIN(geometry, POLYGON((114 22, 115 22, 115 23, 114 23, 114 22)))", "{\"op\":\"s_within\",\"args\":["
                + "{\"property\":\"geometry\"},{\"type\":\"Polygon\",\"coordinates\":[[[114,22],[115,22],[115,23],[114,23],[114,22]]]}]}");
        pairs.put("T_INTERSECTS(createdAt, INTERVAL('2026-07-01T00:00:00Z', '..'))", "{\"op\":\"t_intersects\",\"args\":["
                + "{\"property\":\"createdAt\"},{\"interval\":[\"2026-07-01T00:00:00Z\",\"..\"]}]}");
        pairs.put("createdAt > TIMESTAMP('2026-07-01T08:00:00+08:00')", "{\"op\":\">\",\"args\":[{\"property\":\"createdAt\"},"
                + "{\"timestamp\":\"2026-07-01T00:00:00Z\"}]}");
        pairs.put("\"gridCode\" = 'JNS-05-016' and true", "{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"gridCode\"},"
                + "\"JNS-05-016\"]},true]}");
        pairs.put("name NOT LIKE 'x\\%%'", "{\"op\":\"not\",\"args\":[{\"op\":\"like\",\"args\":[{\"property\":\"name\"},\"x\\\\%%\"]}]}");
        pairs.put("code = 'it''s'", "{\"op\":\"=\",\"args\":[{\"property\":\"code\"},\"it's\"]}");
        pairs.put("version <> -3.5e1", "{\"op\":\"<>\",\"args\":[{\"property\":\"version\"},-35]}");
        pairs.forEach((text, json) -> assertThat(normal(Cql2TextParser.parse(text))).as(text)
                .isEqualTo(normal(Cql2JsonParser.parse(json))));
    }

    /** Numbers compare by value (2000.5 = 2000.50), geometries by their text. */
    private static String normal(Cql2.Filter f) {
        return f.toString().replaceAll("value=(-?[0-9.E+]+)", "")
                + Cql2.properties(f) + numbers(f);
    }

    private static List<Double> numbers(Cql2.Filter f) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Number\\[value=(-?[0-9.E+]+)\\]").matcher(f.toString());
        List<Double> out = new java.util.ArrayList<>();
        while (m.find()) out.add(Double.parseDouble(m.group(1)));
        return out;
    }

    @Test
    void precedenceIsNotOverAndOverOr() {
        Cql2.Filter f = Cql2TextParser.parse("a = 1 OR b = 2 AND NOT c = 3");
        assertThat(f).isInstanceOf(Cql2.Or.class);
        Cql2.Or or = (Cql2.Or) f;
        assertThat(or.parts().get(0)).isEqualTo(new Cql2.Compare(Cql2.CompareOp.EQ, p("a"), n("1")));
        assertThat(or.parts().get(1)).isEqualTo(new Cql2.And(List.of(new Cql2.Compare(Cql2.CompareOp.EQ, p("b"), n("2")),
                new Cql2.Not(new Cql2.Compare(Cql2.CompareOp.EQ, p("c"), n("3"))))));
        assertThat(Cql2TextParser.parse("x = 'a' and y IS NOT NULL")).isEqualTo(new Cql2.And(List.of(
                new Cql2.Compare(Cql2.CompareOp.EQ, p("x"), t("a")), new Cql2.Not(new Cql2.IsNull(p("y"))))));
        assertThat(Cql2TextParser.parse("x NOT IN ('a')")).isEqualTo(new Cql2.Not(new Cql2.In(p("x"), List.of(t("a")))));
        assertThat(Cql2TextParser.parse("x NOT BETWEEN 1 AND 2")).isEqualTo(new Cql2.Not(new Cql2.Between(p("x"), n("1"), n("2"))));
    }

    @Test
    void literalsOfEveryKind() {
        Cql2.Compare ts = (Cql2.Compare) Cql2TextParser.parse("createdAt = TIMESTAMP('2026-05-01T16:00:00+08:00')");
        assertThat(ts.right()).isEqualTo(new Cql2.Timestamp(Instant.parse("2026-05-01T08:00:00Z")));
        Cql2.Compare d = (Cql2.Compare) Cql2TextParser.parse("createdAt >= DATE('2026-05-01')");
        assertThat(d.right()).isEqualTo(new Cql2.Date(java.time.LocalDate.of(2026, 5, 1)));
        Cql2.Spatial bbox = (Cql2.Spatial) Cql2TextParser.parse("S_INTERSECTS(geometry, BBOX(114, 22, 115, 23))");
        assertThat(((Cql2.GeometryLiteral) bbox.right()).geometry().getEnvelopeInternal())
                .isEqualTo(new org.locationtech.jts.geom.Envelope(114, 115, 22, 23));
        Cql2.Temporal day = (Cql2.Temporal) Cql2TextParser.parse("T_INTERSECTS(createdAt, INTERVAL('2026-05-01', '2026-05-02'))");
        Cql2.Interval i = (Cql2.Interval) day.right();
        assertThat(i.start()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(i.end()).isEqualTo(Instant.parse("2026-05-03T00:00:00Z").minusNanos(1));
        Cql2.Spatial multi = (Cql2.Spatial) Cql2TextParser.parse("s_intersects(geometry, MULTIPOINT((1 2), (3 4)))");
        assertThat(((Cql2.GeometryLiteral) multi.right()).geometry().getNumPoints()).isEqualTo(2);
        Cql2.Spatial json = (Cql2.Spatial) Cql2JsonParser.parse("{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},"
                + "{\"bbox\":[114,22,115,23]}]}");
        assertThat(((Cql2.GeometryLiteral) json.right()).geometry().getArea()).isEqualTo(1.0);
    }

    @Test
    void textErrorsNameTheCharacterWhereTheFilterStopsMakingSense() {
        Map<String, Integer> cases = new HashMap<>();
        cases.put("status = ", 10);
        cases.put("status == 'a'", 9);
        cases.put("status 'a'", 8);
        cases.put("(status = 'a'", 14);
        cases.put("status = 'a' AND", 17);
        cases.put("status = 'open", 10);
        cases.put("S_INTERSECTS(geometry, POINT(1))", 24);
        cases.put("S_NEAR(geometry, POINT(1 2))", 1);
        cases.put("T_BEFORE(createdAt, TIMESTAMP('2026-01-01T00:00:00Z'))", 1);
        cases.put("createdAt > TIMESTAMP('yesterday')", 23);
        cases.put("x IN ('a' 'b')", 11);
        cases.put("x BETWEEN 1 OR 2", 13);
        cases.put("upper(name) = 'A'", 1);
        cases.put("x = 1 y", 7);
        cases.put("", 1);
        cases.put("x IS NOT 3", 10);
        cases.put("AND = 1", 1);
        cases.forEach((text, position) -> assertThatThrownBy(() -> Cql2TextParser.parse(text)).as(text)
                .isInstanceOfSatisfying(Cql2SyntaxException.class, e -> {
                    assertThat(e.position()).as(text + ": " + e.getMessage()).isEqualTo(String.valueOf(position));
                    assertThat(e.getMessage()).startsWith("at character " + position + ":");
                }));
        String deep = "(".repeat(500) + "x = 1" + ")".repeat(500);
        assertThatThrownBy(() -> Cql2TextParser.parse(deep)).isInstanceOf(Cql2SyntaxException.class)
                .hasMessageContaining("nested too deeply");
    }

    @Test
    void jsonErrorsNameTheMemberOrTheLineAndColumn() {
        Map<String, String> cases = new HashMap<>();
        cases.put("{\"op\":\"=\",\"args\":[{\"property\":\"x\"}]}", "$.args");
        cases.put("{\"op\":\"and\",\"args\":[true,{\"op\":\"nope\",\"args\":[]}]}", "$.args[1].op");
        cases.put("{\"op\":\"=\",\"args\":[{\"property\":\"x\"},{\"timestamp\":\"soon\"}]}", "$.args[1].timestamp");
        cases.put("{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"type\":\"Point\",\"coordinates\":[1]}]}",
                "$.args[1].coordinates");
        cases.put("{\"args\":[]}", "$");
        cases.put("{\"op\":\"in\",\"args\":[{\"property\":\"x\"},[]]}", "$.args[1]");
        cases.put("{\"op\":\"=\",\n \"args\": [1,}", "line 2, column 13");
        cases.forEach((json, position) -> assertThatThrownBy(() -> Cql2JsonParser.parse(json)).as(json)
                .isInstanceOfSatisfying(Cql2SyntaxException.class, e -> assertThat(e.position()).as(e.getMessage())
                        .isEqualTo(position)));
    }

    private static final Map<String, Cql2Sql.Column> COLUMNS = Map.of(
            "geometry", new Cql2Sql.Column("geom", Cql2Sql.Type.GEOMETRY),
            "name", new Cql2Sql.Column("name", Cql2Sql.Type.STRING),
            "version", new Cql2Sql.Column("version", Cql2Sql.Type.INTEGER),
            "createdAt", new Cql2Sql.Column("created_at", Cql2Sql.Type.TIMESTAMP));

    @Test
    void sqlBindsEveryLiteralAndChecksPropertiesAndTypes() {
        Cql2Sql.Where w = Cql2Sql.translate(Cql2TextParser.parse("name = 'x'' OR 1=1 --' AND version IN (1, 2) AND NOT "
                + "S_INTERSECTS(geometry, POINT(1 2))"), COLUMNS, null);
        assertThat(w.sql()).isEqualTo("(name = ? AND version IN (?, ?) AND NOT (ST_Intersects(geom, ST_GeomFromText(?, 4326))))");
        assertThat(w.args()).containsExactly("x' OR 1=1 --", new BigDecimal("1"), new BigDecimal("2"), "POINT (1 2)");
        assertThat(Cql2Sql.translate(Cql2TextParser.parse("1 = 2 OR name LIKE 'a\\_%'"), COLUMNS, null).sql())
                .isEqualTo("(1 = 0 OR name LIKE ? ESCAPE '\\')");
        // The box of a top-level spatial condition goes to the index hook.
        Cql2Sql.Where boxed = Cql2Sql.translate(Cql2TextParser.parse("S_WITHIN(geometry, BBOX(1, 2, 3, 4)) AND version > 1"),
                COLUMNS, (e, args) -> {
                    args.add(e.getMinX());
                    return "tile(?)";
                });
        assertThat(boxed.sql()).startsWith("tile(?) AND (ST_Within(geom, ");
        assertThat(boxed.args().get(0)).isEqualTo(1.0);
        // An exact box (a table of points) answers S_INTERSECTS with a rectangle alone; S_WITHIN (boundary
        // excluded), other shapes and a box that is not exact still call the spatial function.
        Cql2Sql.BoxCondition exact = new Cql2Sql.BoxCondition() {
            @Override
            public String condition(org.locationtech.jts.geom.Envelope e, List<Object> args) {
                args.add(e.getMinX());
                return "box(?)";
            }

            @Override
            public boolean exactForRectangles() {
                return true;
            }
        };
        Cql2Sql.Where rectangle = Cql2Sql.translate(Cql2TextParser.parse(
                "S_INTERSECTS(geometry, BBOX(1, 2, 3, 4)) AND version > 1"), COLUMNS, exact);
        assertThat(rectangle.sql()).isEqualTo("box(?) AND (1 = 1 AND version > ?)");
        assertThat(rectangle.args()).containsExactly(1.0, new BigDecimal("1"));
        assertThat(Cql2Sql.translate(Cql2TextParser.parse("S_WITHIN(geometry, BBOX(1, 2, 3, 4))"), COLUMNS, exact).sql())
                .contains("ST_Within");
        assertThat(Cql2Sql.translate(Cql2TextParser.parse("S_INTERSECTS(geometry, POLYGON((1 2, 3 2, 3 4, 1 2)))"),
                COLUMNS, exact).sql()).contains("ST_Intersects");
        assertThat(Cql2Sql.translate(Cql2TextParser.parse("S_INTERSECTS(geometry, BBOX(1, 2, 3, 4))"), COLUMNS,
                (e, args) -> "tile()").sql()).contains("ST_Intersects");
        // inside OR or NOT the predicate is not at the top level and is translated as written
        assertThat(Cql2Sql.translate(Cql2TextParser.parse("S_INTERSECTS(geometry, BBOX(1, 2, 3, 4)) OR version > 1"),
                COLUMNS, exact).sql()).contains("ST_Intersects");

        assertThatThrownBy(() -> Cql2Sql.check(Cql2TextParser.parse("colour = 'red'"), COLUMNS))
                .isInstanceOfSatisfying(Cql2InvalidException.class, e -> assertThat(e.unknownProperty()).isEqualTo("colour"));
        for (String bad : List.of("name = 3", "version = 'three'", "name LIKE 3", "createdAt < 5", "version BETWEEN 'a' AND 'b'",
                "S_INTERSECTS(name, POINT(1 2))", "geometry = 'x'", "T_INTERSECTS(name, DATE('2026-01-01'))", "version IN (1, 'a')")) {
            assertThatThrownBy(() -> Cql2Sql.check(Cql2TextParser.parse(bad), COLUMNS)).as(bad)
                    .isInstanceOfSatisfying(Cql2InvalidException.class, e -> assertThat(e.unknownProperty()).isNull());
        }
    }

    @Test
    void evaluatorUsesThreeValuedLogicLikeSql() {
        Point pt = GeometryFactories.point(1.5, 2.5);
        Map<String, Object> item = new HashMap<>();
        item.put("geometry", pt);
        item.put("name", "花园路垃圾桶1号");
        item.put("version", 3L);
        item.put("createdAt", "2026-05-01T08:00:00Z");
        item.put("address", null);
        Map<String, Boolean> cases = new java.util.LinkedHashMap<>();
        cases.put("name LIKE '花园%'", true);
        cases.put("name LIKE '花园_'", false);
        cases.put("version BETWEEN 3 AND 3.5", true);
        cases.put("version IN (1, 2)", false);
        cases.put("S_WITHIN(geometry, BBOX(1, 2, 2, 3))", true);
        cases.put("S_DISJOINT(geometry, POINT(1.5 2.5))", false);
        cases.put("T_INTERSECTS(createdAt, DATE('2026-05-01'))", true);
        cases.put("T_INTERSECTS(createdAt, INTERVAL('..', '2026-04-30T23:59:59Z'))", false);
        cases.put("createdAt < TIMESTAMP('2026-05-01T08:00:01Z')", true);
        cases.put("address = 'x'", null);
        cases.put("NOT address = 'x'", null);
        cases.put("address = 'x' OR version = 3", true);
        cases.put("address = 'x' AND version = 3", null);
        cases.put("address IS NULL", true);
        cases.forEach((text, expected) -> assertThat(Cql2Evaluator.evaluate(Cql2TextParser.parse(text), item::get))
                .as(text).isEqualTo(expected));
    }
}
