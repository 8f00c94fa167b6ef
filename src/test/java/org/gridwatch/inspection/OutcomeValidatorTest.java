package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class OutcomeValidatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<InspectionField> WATER = List.of(
            new InspectionField("stagnant_water", "larvaePositive", "有幼虫", "Larvae", "boolean", null, null, null, 1),
            new InspectionField("stagnant_water", "larvaeCount", "幼虫数", "Larvae count", "integer", 0.0, null, null, 2),
            new InspectionField("stagnant_water", "containerType", "容器类型", "Container", "enum", null, null,
                    List.of(new InspectionField.Option("small_container", "小型容器", "Small"),
                            new InspectionField.Option("drain", "下水道口", "Drain")), 3),
            new InspectionField("stagnant_water", "dips", "勺数", "Dips", "integer", 0.0, null, null, 4),
            new InspectionField("stagnant_water", "positiveDips", "阳性勺数", "Positive dips", "integer", 0.0, null, null, 5));

    static Optional<String> check(String json) {
        return OutcomeValidator.check(JSON.readTree(json), WATER).map(i -> i.code() + ":" + i.field());
    }

    @Test
    void acceptsFieldsOfTheRightKindAndNulls() {
        assertThat(check("{}")).isEmpty();
        assertThat(check("{\"larvaePositive\":true,\"larvaeCount\":0,\"containerType\":\"drain\"}")).isEmpty();
        assertThat(check("{\"larvaeCount\":null}")).isEmpty();
        assertThat(check("{\"larvaeCount\":3.0}")).isEmpty();
        assertThat(OutcomeValidator.check(null, WATER)).isEmpty();
    }

    @Test
    void refusesUnknownKeysWrongKindsAndOutOfRange() {
        assertThat(check("{\"larvae\":true}")).contains("inspection.outcome.unknownField:larvae");
        assertThat(check("{\"larvaePositive\":\"yes\"}")).contains("inspection.outcome.wrongKind:larvaePositive");
        assertThat(check("{\"larvaeCount\":2.5}")).contains("inspection.outcome.wrongKind:larvaeCount");
        assertThat(check("{\"larvaeCount\":\"3\"}")).contains("inspection.outcome.wrongKind:larvaeCount");
        assertThat(check("{\"containerType\":\"bucket\"}")).contains("inspection.outcome.wrongKind:containerType");
        assertThat(check("{\"larvaeCount\":-1}")).contains("inspection.outcome.range:larvaeCount");
        assertThat(check("{\"dips\":5,\"positiveDips\":6}")).contains("inspection.outcome.positiveDips:positiveDips");
        assertThat(check("{\"dips\":5,\"positiveDips\":5}")).isEmpty();
        assertThat(OutcomeValidator.check(JSON.readTree("[1]"), WATER).map(OutcomeValidator.Issue::code))
                .contains("inspection.outcome.notObject");
    }
}
