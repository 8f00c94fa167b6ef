package org.gridwatch.planning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.polygonize.Polygonizer;

/**
 * Splits a grid along a line drawn across it. A line that enters and leaves the grid once cuts it in
 * two; a line that crosses it twice (in, out, in, out) cuts three parts, and so on. Parts of the line
 * outside the grid and ends that stop inside it (dangles) cut nothing.
 *
 * <p>Planar coordinates (metres). Stateless and thread-safe.
 */
public final class GridSplitter {

    private GridSplitter() {
    }

    /**
     * The parts of {@code grid} cut by {@code line}, largest first. Their union is the grid (to the
     * 1 mm the linework is noded at) and they meet edge to edge.
     *
     * @param grid a valid Polygon or MultiPolygon
     * @param line the cutting line
     * @return one part (the grid itself, re-noded) when the line cuts nothing
     */
    public static List<Polygon> split(Geometry grid, LineString line) {
        // Union of the two linear geometries nodes them, so the polygonizer sees every crossing.
        Geometry noded = OverlayNG.overlay(grid.getBoundary(), line, OverlayNG.UNION, Planar.MILLIMETRE);
        Polygonizer polygonizer = new Polygonizer();
        polygonizer.add(noded);
        IndexedPointInAreaLocator inside = new IndexedPointInAreaLocator(grid);
        List<Polygon> parts = new ArrayList<>();
        for (Object o : polygonizer.getPolygons()) {
            Polygon face = (Polygon) o;
            // Faces of holes and of loops the line makes outside the grid are not parts of it.
            if (inside.locate(face.getInteriorPoint().getCoordinate()) == Location.INTERIOR) parts.add(face);
        }
        parts.sort(Comparator.comparingDouble(Polygon::getArea).reversed());
        return parts;
    }
}
