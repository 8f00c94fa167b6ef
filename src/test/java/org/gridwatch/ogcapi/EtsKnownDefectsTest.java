package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which failures of the OGC suite EtsSuiteTest forgives: a point exactly on the requested bbox's edge, only. */
class EtsKnownDefectsTest {

    private static final String METHOD = "validateFeaturesWithBoundingBoxResponse";

    private static String outside(String point, String bbox) {
        return "Geometry 'POINT (" + point + ")' outside bounding box: '" + bbox + "'.";
    }

    @Test
    void onlyPointsOnTheEdgeAreTheSuitesDefect() {
        String bbox = "114.0483660,22.5327998,114.0716077,22.5471865";
        assertThat(EtsSuiteTest.isBoundaryPointDefect(METHOD, outside("114.0483784 22.5471865", bbox))).isTrue();
        assertThat(EtsSuiteTest.isBoundaryPointDefect(METHOD, outside("114.048366 22.54", bbox))).isTrue();
        // strictly outside, or inside but off every edge (then the suite's complaint is not about the boundary)
        assertThat(EtsSuiteTest.isBoundaryPointDefect(METHOD, outside("114.0483784 22.5471866", bbox))).isFalse();
        assertThat(EtsSuiteTest.isBoundaryPointDefect(METHOD, outside("114.0483659 22.54", bbox))).isFalse();
        assertThat(EtsSuiteTest.isBoundaryPointDefect(METHOD, outside("114.05 22.54", bbox))).isFalse();
        // another test method, or another message
        assertThat(EtsSuiteTest.isBoundaryPointDefect("validateFeaturesResponse", outside("114.0483784 22.5471865", bbox)))
                .isFalse();
        assertThat(EtsSuiteTest.isBoundaryPointDefect(METHOD, "numberMatched is 3, expected 4")).isFalse();
    }
}
