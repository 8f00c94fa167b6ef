package org.gridwatch.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaypointNamesTest {

    @Test
    void aFeatureIsNamedByItsNameAndTypeInTheCallersLanguage() {
        assertThat(WaypointNames.name("", 3, "花园路垃圾桶1号", "垃圾桶", true)).isEqualTo("3. 花园路垃圾桶1号（垃圾桶）");
        assertThat(WaypointNames.name("", 3, "Garden Rd bin 1", "Trash bin", false)).isEqualTo("3. Garden Rd bin 1 (Trash bin)");
    }

    @Test
    void aFeatureWithoutNameIsNamedByItsTypeAndAPointByItsNumber() {
        assertThat(WaypointNames.name("2-", 7, null, "窨井", true)).isEqualTo("2-7. 窨井");
        assertThat(WaypointNames.name("", 1, null, null, true)).isEqualTo("1");
    }
}
