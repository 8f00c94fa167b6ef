package org.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CaseTriggerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode outcome(String json) {
        return JSON.readTree(json);
    }

    private static String classFor(String type, String json) {
        return CaseTrigger.DEFAULTS.stream().filter(t -> t.matches(type, outcome(json))).map(CaseTrigger::classCode)
                .findFirst().orElse(null);
    }

    @Test
    void theDefaultsOpenTheClassOfEachPositiveOutcome() {
        assertThat(classFor("stagnant_water", "{\"waterPresent\":true,\"larvaePositive\":true}")).isEqualTo("breeding_site");
        assertThat(classFor("stagnant_water", "{\"waterPresent\":true,\"larvaePositive\":false}")).isNull();
        assertThat(classFor("stagnant_water", "{\"waterPresent\":true}")).as("field not recorded").isNull();
        assertThat(classFor("sewer_well", "{\"coverIntact\":false}")).isEqualTo("well_cover");
        assertThat(classFor("rat_bait_station", "{\"baitPresent\":false}")).isEqualTo("bait_station");
        assertThat(classFor("rodent_sign", "{\"count\":0}")).isNull();
        assertThat(classFor("rodent_sign", "{\"count\":3}")).isEqualTo("rodent_signs");
        assertThat(classFor("rodent_sign", "{\"count\":\"3\"}")).as("a string is no count").isNull();
        assertThat(classFor("trash_bin", "{\"lidded\":false,\"overflowing\":false}")).isEqualTo("bin_overflow");
        assertThat(classFor("garbage_point", "{\"exposedGarbage\":true}")).isEqualTo("exposed_garbage");
        assertThat(classFor("trash_bin", "{\"larvaePositive\":true}")).as("another type's rule").isNull();
    }

    @Test
    void enumValuesCompareAsText() {
        CaseTrigger drain = new CaseTrigger("stagnant_water", "containerType", "drain", null, "breeding_site");
        assertThat(drain.matches("stagnant_water", outcome("{\"containerType\":\"drain\"}"))).isTrue();
        assertThat(drain.matches("stagnant_water", outcome("{\"containerType\":\"small_container\"}"))).isFalse();
        assertThat(drain.matches("stagnant_water", outcome("{\"containerType\":null}"))).isFalse();
    }

    @Test
    void distanceOfTenMetersEastAtShanghai() {
        double lat = 31.23, lon = 121.47;
        double east = lon + 10 / (111_320.0 * Math.cos(Math.toRadians(lat)));
        assertThat(CaseDistance.meters(lon, lat, east, lat)).isBetween(9.95, 10.05);
        assertThat(CaseDistance.meters(lon, lat, lon, lat)).isZero();
    }
}
