package org.gridwatch.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChangeChannelTest {

    @Test
    void theDefaultSchemaKeepsTheChannelEveryDeploymentUsedBefore() {
        assertThat(ChangeChannel.forSchema("public")).isEqualTo("gridwatch_changes");
        assertThat(ChangeChannel.forSchema(null)).isEqualTo("gridwatch_changes");
        assertThat(ChangeChannel.forSchema(" ")).isEqualTo("gridwatch_changes");
    }

    @Test
    void anotherSchemaGetsItsOwnChannel() {
        assertThat(ChangeChannel.forSchema("district_a")).isEqualTo("district_a_changes");
        assertThat(ChangeChannel.forSchema("district_b")).isNotEqualTo(ChangeChannel.forSchema("district_a"));
    }

    @Test
    void aSchemaNameThatIsNoPlainSqlNameStillGivesAUsableChannel() {
        for (String schema : new String[]{"District-A", "东城区", "2026 plan", "x".repeat(80), "a\"; DROP TABLE feature; --"}) {
            String channel = ChangeChannel.forSchema(schema);
            assertThat(ChangeChannel.isPlainName(channel)).as(schema + " -> " + channel).isTrue();
            assertThat(channel).endsWith("_changes").hasSizeLessThanOrEqualTo(63);
        }
        assertThat(ChangeChannel.forSchema("District-A")).isEqualTo("district_a_changes");
    }
}
