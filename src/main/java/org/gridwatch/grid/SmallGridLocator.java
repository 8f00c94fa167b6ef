package org.gridwatch.grid;

import java.util.Collection;
import java.util.List;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Finds the small grid that contains a point, in memory, for bulk writes and imports where one
 * database query per point would be too slow. A point on an edge shared by two grids belongs to the
 * grid with the smaller code, the same rule the database query uses.
 *
 * <p>Thread-safe once built.
 */
public final class SmallGridLocator {

    private record Entry(String code, IndexedPointInAreaLocator locator) {
    }

    /** One grid to index: its code and its polygon in lon/lat. */
    public record Area(String code, Geometry geometry) {
    }

    private final STRtree index = new STRtree();

    public SmallGridLocator(Collection<Area> grids) {
        for (Area g : grids) {
            index.insert(g.geometry().getEnvelopeInternal(), new Entry(g.code(), new IndexedPointInAreaLocator(g.geometry())));
        }
        index.build();
    }

    /** @return the code of the containing grid, or null when the point lies in no grid */
    public String codeAt(double lon, double lat) {
        Coordinate c = new Coordinate(lon, lat);
        @SuppressWarnings("unchecked")
        List<Entry> candidates = index.query(new Envelope(c));
        String best = null;
        for (Entry e : candidates) {
            if (e.locator().locate(c) != Location.EXTERIOR && (best == null || e.code().compareTo(best) < 0)) {
                best = e.code();
            }
        }
        return best;
    }
}
