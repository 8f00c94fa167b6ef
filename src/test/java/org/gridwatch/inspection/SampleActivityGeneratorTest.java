package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.gridwatch.geo.GeometryFactories;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SampleActivityGeneratorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** 40 small grids of about 110 m × 110 m in a row, 8 features each. */
    static List<SampleActivityGenerator.GridInput> grids() {
        List<SampleActivityGenerator.GridInput> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double w = 114.0 + i * 0.001;
            Geometry g = GeometryFactories.WGS84.createPolygon(new Coordinate[]{new Coordinate(w, 22.5),
                    new Coordinate(w + 0.001, 22.5), new Coordinate(w + 0.001, 22.501), new Coordinate(w, 22.501),
                    new Coordinate(w, 22.5)});
            out.add(new SampleActivityGenerator.GridInput("G" + (100 + i), g, i % 2 == 0 ? "王芳" : null));
        }
        return out;
    }

    static List<SampleActivityGenerator.FeatureInput> features() {
        String[] types = {"rat_bait_station", "stagnant_water", "sewer_well", "trash_bin"};
        List<SampleActivityGenerator.FeatureInput> out = new ArrayList<>();
        long id = 1;
        for (int i = 0; i < 40; i++) {
            for (int k = 0; k < 8; k++) {
                out.add(new SampleActivityGenerator.FeatureInput(id++, types[k % 4], 114.0002 + i * 0.001 + k * 0.00007,
                        22.5005, "G" + (100 + i), Instant.parse("2025-01-01T00:00:00Z")));
            }
        }
        return out;
    }

    @Test
    void sameSeedSameActivity() {
        SampleActivityGenerator.Result a = new SampleActivityGenerator(9).generate(grids(), features(),
                LocalDate.of(2026, 11, 23), 26, SHANGHAI);
        SampleActivityGenerator.Result b = new SampleActivityGenerator(9).generate(grids(), features(),
                LocalDate.of(2026, 11, 23), 26, SHANGHAI);
        assertThat(a).isEqualTo(b);
        SampleActivityGenerator.Result c = new SampleActivityGenerator(10).generate(grids(), features(),
                LocalDate.of(2026, 11, 23), 26, SHANGHAI);
        assertThat(c.inspections()).isNotEqualTo(a.inspections());
    }

    @Test
    void everyGridIsPatrolledWeeklyInsideItsPeriodAndEveryOutcomeFitsTheSeededFields() {
        LocalDate last = LocalDate.of(2026, 11, 23);
        SampleActivityGenerator.Result r = new SampleActivityGenerator(9).generate(grids(), features(), last, 26, SHANGHAI);
        assertThat(r.patrols()).hasSize(40 * 26);
        Instant first = last.minusWeeks(26).plusDays(1).atStartOfDay(SHANGHAI).toInstant();
        Instant end = last.plusDays(1).atStartOfDay(SHANGHAI).toInstant();
        assertThat(r.patrols()).allMatch(p -> !p.startedAt().isBefore(first) && p.endedAt().isBefore(end)
                && p.track().isValid() && p.track().isClosed());
        assertThat(r.patrols()).anyMatch(p -> p.inspector().equals("网格员")).anyMatch(p -> p.inspector().equals("王芳"));
        // each grid walked 8 m inside its edge: (110 − 16) m × 2 + (102 − 16) m × 2 ≈ 370 m
        double m = SampleActivityGenerator.walk(grids().get(0).geometry()) == null ? 0
                : org.gridwatch.geo.MetricProjection.centredOn(grids().get(0).geometry())
                .lengthMeters(SampleActivityGenerator.walk(grids().get(0).geometry()));
        assertThat(m).isBetween(340.0, 400.0);
        // about 90 % of the 8 features per patrol
        assertThat(r.inspections().size()).isBetween((int) (40 * 26 * 8 * 0.85), (int) (40 * 26 * 8 * 0.95) + 500);
        assertThat(r.sites()).isNotEmpty();
        for (SampleActivityGenerator.InspectionOut i : r.inspections()) {
            JsonNode o = JSON.readTree(i.outcomeJson());
            assertThat(o.isObject()).isTrue();
            assertThat(i.featureId() == null).isEqualTo(i.siteIndex() != null);
        }
    }

    @Test
    void moreLarvaeInSummerThanInWinter() {
        SampleActivityGenerator.Result r = new SampleActivityGenerator(3).generate(grids(), features(),
                LocalDate.of(2026, 12, 31), 52, SHANGHAI);
        int[] positive = new int[13];
        int[] checked = new int[13];
        for (SampleActivityGenerator.InspectionOut i : r.inspections()) {
            if (!i.typeKey().equals("stagnant_water")) continue;
            int month = i.inspectedAt().atZone(SHANGHAI).getMonthValue();
            checked[month]++;
            if (OutcomeClassifier.classify(i.typeKey(), JSON.readTree(i.outcomeJson())).positive()) positive[month]++;
        }
        double july = (double) positive[Month.JULY.getValue()] / checked[Month.JULY.getValue()];
        double january = (double) positive[Month.JANUARY.getValue()] / checked[Month.JANUARY.getValue()];
        assertThat(july).isGreaterThan(3 * january).isGreaterThan(0.05);
        assertThat(SampleActivityGenerator.summer(LocalDate.of(2026, 7, 19))).isGreaterThan(0.99);
        assertThat(SampleActivityGenerator.summer(LocalDate.of(2026, 1, 17))).isLessThan(0.01);
    }
}
