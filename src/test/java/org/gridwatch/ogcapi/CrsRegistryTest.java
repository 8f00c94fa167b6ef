package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.gridwatch.geo.GeometryFactories;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTReader;

class CrsRegistryTest {

    private static final CrsRegistry REGISTRY = CrsRegistry.standard();
    /** Projected coordinates are compared to PROJ's to the millimetre. */
    private static final double MM = 0.001;

    @Test
    void servesCrs84FirstThenTheGeographicAndAllTwentyOneGaussKrugerZones() {
        assertThat(REGISTRY.uris()).hasSize(24).first().isEqualTo(CrsRegistry.CRS84);
        assertThat(REGISTRY.uris()).contains("http://www.opengis.net/def/crs/EPSG/0/4326",
                "http://www.opengis.net/def/crs/EPSG/0/4490", "http://www.opengis.net/def/crs/EPSG/0/4534",
                "http://www.opengis.net/def/crs/EPSG/0/4554");
        assertThat(REGISTRY.find("http://www.opengis.net/def/crs/EPSG/0/4555")).isEmpty();
        assertThat(REGISTRY.find("EPSG:4490")).isEmpty();
        assertThat(REGISTRY.find("[EPSG:4490]").orElseThrow().epsg()).isEqualTo(4490);
        assertThat(REGISTRY.find("[OGC:CRS84]").orElseThrow().isStorageCrs()).isTrue();
        assertThat(CrsRegistry.centralMeridianOf(4547)).isEqualTo(114);
    }

    @Test
    void epsg4326And4490WriteLatitudeFirst() {
        Point p = GeometryFactories.point(114.0637, 22.5382);
        for (String code : new String[]{"4326", "4490"}) {
            Geometry g = REGISTRY.find(CrsRegistry.EPSG_PREFIX + code).orElseThrow().fromWgs84().apply(p);
            assertThat(g.getCoordinate().x).isEqualTo(22.5382);
            assertThat(g.getCoordinate().y).isEqualTo(114.0637);
        }
        assertThat(p.getX()).as("input untouched").isEqualTo(114.0637);
        assertThat(REGISTRY.storage().fromWgs84().apply(p)).isSameAs(p);
    }

    /** Reference values from PROJ 9 ({@code gdaltransform -s_srs "+proj=longlat +ellps=GRS80" -t_srs EPSG:4547}). */
    @Test
    void gaussKrugerMatchesProjNorthingFirst() {
        checkProjected(4547, 114.0637, 22.5382, 2493398.87378632, 506552.690856508);
        checkProjected(4547, 117.5, 31.2, 3458431.92936021, 833662.079396161);
        checkProjected(4534, 75.5, 40.1, 4440752.4168449, 542634.673000321);
    }

    private static void checkProjected(int epsg, double lon, double lat, double northing, double easting) {
        OgcCrs crs = REGISTRY.find(CrsRegistry.EPSG_PREFIX + epsg).orElseThrow();
        Coordinate c = crs.fromWgs84().apply(GeometryFactories.point(lon, lat)).getCoordinate();
        assertThat(c.x).as("northing").isCloseTo(northing, within(MM));
        assertThat(c.y).as("easting").isCloseTo(easting, within(MM));
        Coordinate back = crs.toWgs84(northing, easting);
        assertThat(back.x).isCloseTo(lon, within(1e-8));
        assertThat(back.y).isCloseTo(lat, within(1e-8));
    }

    @Test
    void roundTripsRandomPositionsInEveryZone() {
        long seed = 20260501L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int epsg = 4534; epsg <= 4554; epsg++) {
            OgcCrs crs = REGISTRY.find(CrsRegistry.EPSG_PREFIX + epsg).orElseThrow();
            int cm = CrsRegistry.centralMeridianOf(epsg);
            for (int i = 0; i < 50; i++) {
                double lon = cm + random.nextDouble(-1.5, 1.5), lat = random.nextDouble(18, 53);
                Coordinate ne = crs.fromWgs84().apply(GeometryFactories.point(lon, lat)).getCoordinate();
                Coordinate back = crs.toWgs84(ne.x, ne.y);
                assertThat(back.x).as("seed %d, EPSG:%d lon", seed, epsg).isCloseTo(lon, within(1e-9));
                assertThat(back.y).as("seed %d, EPSG:%d lat", seed, epsg).isCloseTo(lat, within(1e-9));
            }
        }
    }

    @Test
    void projectedBboxBecomesTheRotatedQuadrilateralInLonLat() throws Exception {
        OgcCrs gk = REGISTRY.find(CrsRegistry.EPSG_PREFIX + 4547).orElseThrow();
        // 2 km x 2 km around (506552.69 E, 2493398.87 N), i.e. around 114.0637, 22.5382.
        Polygon area = gk.bboxToWgs84(2492398.87, 505552.69, 2494398.87, 507552.69);
        assertThat(area.isValid()).isTrue();
        assertThat(area.contains(GeometryFactories.point(114.0637, 22.5382))).isTrue();
        assertThat(area.getArea()).isPositive();
        // Every corner converts back into the box (1 mm).
        for (Coordinate c : area.getCoordinates()) {
            Coordinate ne = gk.fromWgs84().apply(GeometryFactories.point(c.x, c.y)).getCoordinate();
            assertThat(ne.x).isBetween(2492398.87 - MM, 2494398.87 + MM);
            assertThat(ne.y).isBetween(505552.69 - MM, 507552.69 + MM);
        }
        Polygon latLon = REGISTRY.find(CrsRegistry.EPSG_PREFIX + 4326).orElseThrow().bboxToWgs84(22.5, 114.0, 22.6, 114.1);
        assertThat(latLon.getEnvelopeInternal()).isEqualTo(new WKTReader().read(
                "POLYGON ((114 22.5, 114.1 22.5, 114.1 22.6, 114 22.6, 114 22.5))").getEnvelopeInternal());
    }
}
