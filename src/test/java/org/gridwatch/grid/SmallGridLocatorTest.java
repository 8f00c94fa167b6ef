package org.gridwatch.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.gridwatch.geo.GeometryFactories;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

class SmallGridLocatorTest {

    @Test
    void findsTheSameGridAsABruteForceSearch() {
        long seed = 20261123L;
        SplittableRandom random = new SplittableRandom(seed);
        List<SmallGridLocator.Area> areas = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                areas.add(new SmallGridLocator.Area(String.format("G-%02d-%02d", i, j),
                        GeometryFactories.WGS84.toGeometry(new Envelope(i * 0.001, (i + 1) * 0.001, j * 0.001, (j + 1) * 0.001))));
            }
        }
        SmallGridLocator locator = new SmallGridLocator(areas);
        for (int k = 0; k < 2000; k++) {
            double lon = random.nextDouble(-0.001, 0.011), lat = random.nextDouble(-0.001, 0.011);
            Geometry p = GeometryFactories.point(lon, lat);
            String expected = areas.stream().filter(a -> a.geometry().intersects(p)).map(SmallGridLocator.Area::code)
                    .sorted().findFirst().orElse(null);
            assertThat(locator.codeAt(lon, lat)).as("seed %d point %f %f", seed, lon, lat).isEqualTo(expected);
        }
    }

    @Test
    void pointOnASharedEdgeBelongsToTheSmallerCode() {
        SmallGridLocator locator = new SmallGridLocator(List.of(
                new SmallGridLocator.Area("B", GeometryFactories.WGS84.toGeometry(new Envelope(1, 2, 0, 1))),
                new SmallGridLocator.Area("A", GeometryFactories.WGS84.toGeometry(new Envelope(0, 1, 0, 1)))));
        assertThat(locator.codeAt(1, 0.5)).isEqualTo("A");
        assertThat(locator.codeAt(1.5, 0.5)).isEqualTo("B");
        assertThat(locator.codeAt(3, 0.5)).isNull();
    }
}
