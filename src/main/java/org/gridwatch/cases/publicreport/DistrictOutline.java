package org.gridwatch.cases.publicreport;

import java.util.Collection;

import org.locationtech.jts.algorithm.ConvexHull;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygonal;

/**
 * Where a resident's report is taken even though it lies in no small grid: inside the convex hull of
 * the district's grids. The hull rather than the union of the grids, because what falls between grids
 * (a river bank, a square nobody drew, a road left out) is still the district's to deal with; a point
 * outside the hull is somebody else's district. A point on the hull's boundary is inside. Thread-safe
 * once built.
 */
public final class DistrictOutline {

    private final Geometry hull;
    private final IndexedPointInAreaLocator locator;

    /** @param grids the district's grids (lon/lat); empty: no district, nothing is inside */
    public DistrictOutline(Collection<Geometry> grids) {
        GeometryFactory factory = new GeometryFactory();
        int n = grids.stream().mapToInt(Geometry::getNumPoints).sum();
        Coordinate[] all = new Coordinate[n];
        int i = 0;
        for (Geometry g : grids) for (Coordinate c : g.getCoordinates()) all[i++] = c;
        this.hull = new ConvexHull(all, factory).getConvexHull();
        this.locator = hull instanceof Polygonal ? new IndexedPointInAreaLocator(hull) : null;
    }

    public boolean contains(double lon, double lat) {
        return locator != null && locator.locate(new Coordinate(lon, lat)) != Location.EXTERIOR;
    }

    public Geometry hull() {
        return hull;
    }
}
