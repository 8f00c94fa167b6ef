package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.inspection.InspectionTally.Item.*;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class OutcomeClassifierTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static OutcomeClassifier.Classification c(String type, String outcome) {
        return OutcomeClassifier.classify(type, JSON.readTree(outcome));
    }

    @Test
    void baitStationCountsEachRecordedCheckAndEachDefect() {
        OutcomeClassifier.Classification ok = c("rat_bait_station",
                "{\"baitPresent\":true,\"baitEffective\":true,\"placedCorrectly\":true,\"warningSign\":true,\"rodentSigns\":0}");
        assertThat(ok.positive()).isFalse();
        assertThat(ok.tally()).isEqualTo(new InspectionTally().add(STATIONS, 1).add(BAIT_CHECKED, 1).add(EFFECT_CHECKED, 1)
                .add(PLACE_CHECKED, 1).add(SIGN_CHECKED, 1));
        OutcomeClassifier.Classification bad = c("rat_bait_station",
                "{\"baitPresent\":false,\"placedCorrectly\":false,\"warningSign\":false,\"rodentSigns\":3}");
        assertThat(bad.positive()).isTrue();
        assertThat(bad.tally()).isEqualTo(new InspectionTally().add(RODENT_SIGNS, 3).add(STATIONS, 1)
                .add(STATIONS_WITH_SIGNS, 1).add(BAIT_CHECKED, 1).add(NO_BAIT, 1).add(PLACE_CHECKED, 1).add(MISPLACED, 1)
                .add(SIGN_CHECKED, 1).add(NO_SIGN, 1));
        assertThat(c("rat_bait_station", "{\"rodentSigns\":1}").positive()).isTrue();
        assertThat(c("rat_bait_station", "{\"baitEffective\":false}").positive()).isTrue();
        assertThat(c("rat_bait_station", "{}").positive()).isFalse();
    }

    @Test
    void stagnantWaterIsSplitByContainerType() {
        OutcomeClassifier.Classification small = c("stagnant_water", "{\"larvaePositive\":true,\"cleared\":true}");
        assertThat(small.positive()).isTrue();
        assertThat(small.cleared()).isTrue();
        assertThat(small.siteKind()).isEqualTo("small_water");
        assertThat(small.tally()).isEqualTo(new InspectionTally().add(SMALL_WATER_POSITIVE, 1));

        OutcomeClassifier.Classification drain = c("stagnant_water", "{\"containerType\":\"drain\",\"larvaePositive\":false}");
        assertThat(drain.positive()).isFalse();
        assertThat(drain.siteKind()).isEqualTo("drain_inlet");
        assertThat(drain.tally()).isEqualTo(new InspectionTally().add(SEWER_CHECKED, 1));

        OutcomeClassifier.Classification large = c("stagnant_water",
                "{\"containerType\":\"large_water_body\",\"dips\":20,\"positiveDips\":2,\"larvaeCount\":9}");
        assertThat(large.positive()).isTrue();
        assertThat(large.siteKind()).isEqualTo("large_water");
        assertThat(large.tally()).isEqualTo(new InspectionTally().add(DIPS, 20).add(POSITIVE_DIPS, 2).add(DIP_LARVAE, 9)
                .add(InspectionTally.Item.WATER_BODIES, 1));
        // larvae counted without a positive dip are not larvae "per positive dip"
        assertThat(c("stagnant_water", "{\"containerType\":\"large_water_body\",\"dips\":10,\"positiveDips\":0,\"larvaeCount\":4}")
                .tally()).isEqualTo(new InspectionTally().add(DIPS, 10).add(InspectionTally.Item.WATER_BODIES, 1));
    }

    @Test
    void sewerWellBinGarbagePointAndRodentSign() {
        OutcomeClassifier.Classification well = c("sewer_well", "{\"larvaePositive\":false,\"coverIntact\":false}");
        assertThat(well.positive()).isTrue();
        assertThat(well.tally()).isEqualTo(new InspectionTally().add(SEWER_CHECKED, 1));
        assertThat(c("sewer_well", "{\"larvaePositive\":true}").tally())
                .isEqualTo(new InspectionTally().add(SEWER_CHECKED, 1).add(SEWER_POSITIVE, 1));

        OutcomeClassifier.Classification bin = c("trash_bin", "{\"lidded\":true,\"overflowing\":true,\"clean\":true}");
        assertThat(bin.positive()).isTrue();
        assertThat(bin.tally()).isEqualTo(new InspectionTally().add(BINS_CHECKED, 1).add(BINS_LIDDED, 1).add(FLY_SITES, 1)
                .add(FLY_SITES_POSITIVE, 1));
        assertThat(c("trash_bin", "{\"lidded\":false}").positive()).isTrue();
        assertThat(c("trash_bin", "{\"clean\":false}").positive()).isTrue();
        assertThat(c("trash_bin", "{\"lidded\":true,\"overflowing\":false,\"clean\":true}").positive()).isFalse();

        OutcomeClassifier.Classification garbage = c("garbage_point", "{\"exposedGarbage\":true,\"cleared\":true}");
        assertThat(garbage.positive()).isTrue();
        assertThat(garbage.siteKind()).isEqualTo("garbage_point");
        assertThat(garbage.tally()).isEqualTo(new InspectionTally().add(FLY_SITES, 1).add(FLY_SITES_POSITIVE, 1));

        assertThat(c("rodent_sign", "{}").tally()).isEqualTo(new InspectionTally().add(RODENT_SIGNS, 1));
        assertThat(c("rodent_sign", "{}").positive()).isTrue();
        assertThat(c("rodent_sign", "{\"count\":4}").tally()).isEqualTo(new InspectionTally().add(RODENT_SIGNS, 4));
        assertThat(c("rodent_sign", "{\"count\":0,\"cleared\":true}").positive()).isFalse();
        assertThat(c("public_toilet", "{\"anything\":true}").positive()).isFalse();
    }
}
