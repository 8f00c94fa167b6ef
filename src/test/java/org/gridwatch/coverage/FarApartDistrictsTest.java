package org.gridwatch.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.gridwatch.coverage.GridTopologyChecker.Grid;
import org.gridwatch.coverage.GridTopologyChecker.Kind;
import org.gridwatch.coverage.GridTopologyChecker.Problem;
import org.gridwatch.geo.GeometryFactories;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.PolygonArea;

/**
 * Districts on several continents in one store: every area must agree with the geodesic area of the
 * same lon/lat polygon (GeographicLib, Karney's algorithm, which PostGIS {@code geography} also uses)
 * to 0.1%, whatever else the store holds. Before areas were measured locally, one projection centred
 * on all the data gave a 0.001° × 0.004° gap at 20°E, 20°N beside a district at 114°E 88,526 m² for
 * its true 46,339 m².
 */
class FarApartDistrictsTest {

    /** Centres (lon, lat) of districts: Shenzhen, West Africa at 20°E, New York, Rio, Stockholm (59.3°N), Sydney, Reykjavik-ish 60°N. */
    private static final double[][] CENTRES = {
            {114.05, 22.55}, {20.0, 20.0}, {-73.98, 40.75}, {-43.2, -22.9}, {18.05, 59.33}, {151.2, -33.87}, {-21.9, 60.0},
    };

    @Test
    void gridAreasAndGapsAgreeWithGeodesicAreasOnEveryContinentInOneStore() {
        List<Grid> grids = new ArrayList<>();
        List<Geometry> outlines = new ArrayList<>();
        for (int d = 0; d < CENTRES.length; d++) {
            double lon = CENTRES[d][0];
            double lat = CENTRES[d][1];
            // A large grid about 40 km across (0.4° of longitude, 0.3° of latitude) with one small grid
            // filling all of it but a strip of 0.001° × 0.004° on its western edge: that strip is a gap.
            Polygon large = rect(lon - 0.2, lat - 0.15, lon + 0.2, lat + 0.15);
            Polygon small = GeometryFactories.WGS84.createPolygon(new Coordinate[]{
                    c(lon - 0.199, lat - 0.15), c(lon + 0.2, lat - 0.15), c(lon + 0.2, lat + 0.15), c(lon - 0.2, lat + 0.15),
                    c(lon - 0.2, lat - 0.146), c(lon - 0.199, lat - 0.146), c(lon - 0.199, lat - 0.15)});
            grids.add(new Grid("L" + d, true, null, "x", large));
            grids.add(new Grid("S" + d, false, "L" + d, "y", small));
            outlines.add(large);
            outlines.add(small);
        }
        // A stray feature at 0,0 must not matter either.
        List<GridTopologyChecker.Feature> stray = List.of(new GridTopologyChecker.Feature(1, "trash_bin", 0, 0));

        List<Problem> problems = GridTopologyChecker.check(grids, stray);
        for (int d = 0; d < CENTRES.length; d++) {
            String code = "L" + d;
            List<Problem> gaps = problems.stream().filter(p -> p.kind() == Kind.GAP && code.equals(p.gridCode())).toList();
            assertThat(gaps).as("gap of " + code).hasSize(1);
            double lon = CENTRES[d][0];
            double lat = CENTRES[d][1];
            double expected = geodesicArea(rect(lon - 0.2, lat - 0.15, lon - 0.199, lat - 0.146));
            assertThat(gaps.get(0).areaM2()).as("gap of " + code + " at " + lon + "," + lat)
                    .isCloseTo(expected, within(expected * 0.001));
        }
        assertThat(problems).filteredOn(p -> p.kind() == Kind.FEATURE_IN_NO_GRID).hasSize(1);

        CoverageCalculator.Stations none = CoverageCalculator.Stations.of(new double[]{0}, new double[]{0});
        CoverageCalculator.GridCoverage[] measured = CoverageCalculator.coverage(outlines, none, 20, 8);
        for (int i = 0; i < outlines.size(); i++) {
            double expected = geodesicArea((Polygon) outlines.get(i));
            assertThat(measured[i].areaM2()).as("area of grid " + i).isCloseTo(expected, within(expected * 0.001));
        }
    }

    @Test
    void coveredAreaNearTheSixtiethParallelIsTheDiscAreaWhereverTheOtherStationsLie() {
        // One station in the middle of a 1 km grid at 60°N, others in Shenzhen: the grid is covered by
        // exactly one 32-gon of radius 100 m (area 31,214.5 m², 0.64% below πR²).
        Polygon grid = rect(-21.91, 59.995, -21.89, 60.005);
        CoverageCalculator.Stations stations = CoverageCalculator.Stations.of(
                new double[]{-21.9, 114.05, 114.06}, new double[]{60.0, 22.55, 22.56});
        CoverageCalculator.GridCoverage c = CoverageCalculator.coverage(List.of(grid), stations, 100, 8)[0];
        double polygon32 = 32 / 2.0 * 100 * 100 * Math.sin(2 * Math.PI / 32);
        assertThat(c.coveredM2()).isCloseTo(polygon32, within(polygon32 * 0.001));
        assertThat(c.areaM2()).isCloseTo(geodesicArea(grid), within(geodesicArea(grid) * 0.001));
    }

    private static Coordinate c(double lon, double lat) {
        return new Coordinate(lon, lat);
    }

    private static Polygon rect(double x0, double y0, double x1, double y1) {
        return GeometryFactories.WGS84.createPolygon(new Coordinate[]{c(x0, y0), c(x1, y0), c(x1, y1), c(x0, y1), c(x0, y0)});
    }

    /** Area of a lon/lat polygon (no holes) with geodesic edges on WGS84, in m². */
    private static double geodesicArea(Polygon p) {
        PolygonArea area = new PolygonArea(Geodesic.WGS84, false);
        Coordinate[] ring = p.getExteriorRing().getCoordinates();
        for (int i = 0; i < ring.length - 1; i++) area.AddPoint(ring[i].y, ring[i].x);
        return Math.abs(area.Compute().area);
    }
}
