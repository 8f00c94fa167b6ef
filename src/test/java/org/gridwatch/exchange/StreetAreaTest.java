package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.gridwatch.geo.GeoJsonFormatException;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.system.ApiProblem;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/** The street import's replace parameters: which area each combination names, and which are refused. */
class StreetAreaTest {

    private static final Geometry OUTLINE = GeometryFactories.WGS84.toGeometry(new Envelope(121.0, 121.02, 31.0, 31.02));
    private static final Supplier<Optional<Geometry>> STORED = () -> Optional.of(OUTLINE);
    private static final Supplier<Optional<Geometry>> NONE = Optional::empty;

    private static Geometry resolve(String mode, String bbox, String area, Supplier<Optional<Geometry>> outline) {
        return StreetArea.resolve(ExchangeLayer.STREETS, new StreetArea.Request(mode, bbox, area), outline);
    }

    private static void checkRefused(String mode, String bbox, String area, Supplier<Optional<Geometry>> outline,
                                     String key) {
        assertThatThrownBy(() -> resolve(mode, bbox, area, outline))
                .isInstanceOf(ApiProblem.class)
                .satisfies(e -> assertThat(((ApiProblem) e).messageKey()).isEqualTo(key))
                .satisfies(e -> assertThat(((ApiProblem) e).status()).isEqualTo(400));
    }

    @Test
    void appendReplacesNothing() {
        assertThat(resolve(null, null, null, STORED)).isNull();
        assertThat(resolve("append", " ", "", STORED)).isNull();
    }

    @Test
    void theDistrictAreaIsTheStoredOutlineAskedForOnlyWhenNamed() {
        AtomicInteger asked = new AtomicInteger();
        Supplier<Optional<Geometry>> counting = () -> {
            asked.incrementAndGet();
            return Optional.of(OUTLINE);
        };
        assertThat(resolve("replace", null, "district", counting)).isSameAs(OUTLINE);
        assertThat(resolve(" REPLACE ", null, " District ", counting)).isSameAs(OUTLINE);
        assertThat(asked).hasValue(2);
        assertThat(resolve("replace", "121,31,121.01,31.01", null, counting).getEnvelopeInternal())
                .isEqualTo(new Envelope(121, 121.01, 31, 31.01));
        assertThat(asked).as("a bbox does not read the outline").hasValue(2);
    }

    @Test
    void eachWrongCombinationIsRefusedWithItsOwnReason() {
        checkRefused("merge", null, null, STORED, "exchange.import.modeInvalid");
        checkRefused(null, "121,31,121.01,31.01", null, STORED, "exchange.import.bboxWithoutReplace");
        checkRefused("append", null, "district", STORED, "exchange.import.areaWithoutReplace");
        checkRefused("replace", null, null, STORED, "exchange.import.replaceNeedsArea");
        checkRefused("replace", "121,31,121.01,31.01", "district", STORED, "exchange.import.areaAndBbox");
        checkRefused("replace", null, "city", STORED, "exchange.import.areaUnknown");
        checkRefused("replace", null, "district", NONE, "exchange.import.noOutline");
        assertThatThrownBy(() -> StreetArea.resolve(ExchangeLayer.SMALL_GRIDS,
                new StreetArea.Request("replace", null, "district"), STORED))
                .isInstanceOf(ApiProblem.class)
                .satisfies(e -> assertThat(((ApiProblem) e).messageKey()).isEqualTo("exchange.import.replaceStreetsOnly"));
    }

    @Test
    void aBboxWithoutWidthOrHeightIsRefused() {
        checkRefused("replace", "121,31,121,31.01", null, STORED, "exchange.import.bboxEmpty");
        checkRefused("replace", "121,31,121.01,31", null, STORED, "exchange.import.bboxEmpty");
        checkRefused("replace", "121,31,121,31", null, STORED, "exchange.import.bboxEmpty");
        // a box as narrow as a double allows still has an area
        assertThat(resolve("replace", "121,31," + Math.nextUp(121.0) + ",31.01", null, STORED)).isNotNull();
    }

    @Test
    void aMalformedOrInvertedBboxIsRefusedByTheBboxRules() {
        assertThatThrownBy(() -> resolve("replace", "121,31,north,32", null, STORED))
                .isInstanceOf(GeoJsonFormatException.class).hasFieldOrPropertyWithValue("messageKey", "bbox.format");
        assertThatThrownBy(() -> resolve("replace", "121.01,31,121,31.01", null, STORED))
                .isInstanceOf(GeoJsonFormatException.class).hasFieldOrPropertyWithValue("messageKey", "bbox.order");
    }
}
