package org.gridwatch.planning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.util.LineStringExtracter;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.polygonize.Polygonizer;

/**
 * Divides an area into the blocks its streets enclose: the street centrelines inside the area and
 * the area's boundary are noded (snap-rounded to 1 mm) and polygonized; every face inside the area
 * is a block. Blocks smaller than a minimum area are then merged, smallest first, into the
 * neighbouring block with which they share the longest border, until every block reaches the minimum
 * or has no neighbour left.
 *
 * <p>Streets are centrelines, so blocks meet along them: the ground of a street is split between the
 * blocks on either side, and the blocks tile the area without gap or overlap. Dead ends and streets
 * that do not close a ring cut nothing.
 *
 * <p>Planar coordinates (metres). Stateless and thread-safe.
 */
public final class StreetBlockDivider {

    private StreetBlockDivider() {
    }

    /**
     * @param area      a valid Polygon or MultiPolygon
     * @param streets   street centrelines; those not meeting {@code area} are ignored
     * @param minAreaM2 blocks below this area are merged into a neighbour; 0 keeps every block
     * @return the blocks, in no particular order; {@code area} itself when no street cuts it
     */
    public static List<Geometry> divide(Geometry area, Collection<? extends LineString> streets, double minAreaM2) {
        List<Polygon> blocks = blocks(area, streets);
        return mergeSmall(blocks, minAreaM2);
    }

    /** The faces the streets cut {@code area} into, without merging. */
    public static List<Polygon> blocks(Geometry area, Collection<? extends LineString> streets) {
        Envelope env = area.getEnvelopeInternal();
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(area);
        List<Geometry> inside = new ArrayList<>();
        for (LineString s : streets) {
            if (s.getEnvelopeInternal().intersects(env) && prepared.intersects(s)) inside.add(s);
        }
        Geometry lines = Planar.FACTORY.buildGeometry(inside);
        // A street touching the area at one point clips to a point: keep the lines only.
        Geometry clipped = inside.isEmpty() ? lines
                : LineStringExtracter.getGeometry(OverlayNG.overlay(lines, area, OverlayNG.INTERSECTION, Planar.MILLIMETRE));
        Geometry noded = OverlayNG.overlay(area.getBoundary(), clipped, OverlayNG.UNION, Planar.MILLIMETRE);
        Polygonizer polygonizer = new Polygonizer();
        polygonizer.add(noded);
        IndexedPointInAreaLocator locator = new IndexedPointInAreaLocator(area);
        List<Polygon> out = new ArrayList<>();
        for (Object o : polygonizer.getPolygons()) {
            Polygon face = (Polygon) o;
            if (locator.locate(face.getInteriorPoint().getCoordinate()) == Location.INTERIOR) out.add(face);
        }
        return out;
    }

    /**
     * Merges blocks below {@code minAreaM2} into neighbours. The blocks must share their borders
     * vertex for vertex (as faces of one polygonized linework do); borders are found by their segments.
     */
    static List<Geometry> mergeSmall(List<Polygon> blocks, double minAreaM2) {
        int n = blocks.size();
        double[] area = new double[n];
        List<Map<Integer, Double>> borders = new ArrayList<>(n);
        Map<Segment, Integer> firstOwner = new HashMap<>();
        for (int i = 0; i < n; i++) {
            area[i] = blocks.get(i).getArea();
            borders.add(new HashMap<>());
        }
        for (int i = 0; i < n; i++) {
            Polygon p = blocks.get(i);
            for (int r = -1; r < p.getNumInteriorRing(); r++) {
                Coordinate[] ring = (r < 0 ? p.getExteriorRing() : p.getInteriorRingN(r)).getCoordinates();
                for (int k = 1; k < ring.length; k++) {
                    Segment s = Segment.of(ring[k - 1], ring[k]);
                    Integer other = firstOwner.putIfAbsent(s, i);
                    if (other != null && other != i) {
                        double len = ring[k - 1].distance(ring[k]);
                        borders.get(i).merge(other, len, Double::sum);
                        borders.get(other).merge(i, len, Double::sum);
                    }
                }
            }
        }
        int[] group = new int[n];
        for (int i = 0; i < n; i++) group[i] = i;
        boolean[] alive = new boolean[n];
        java.util.Arrays.fill(alive, true);
        PriorityQueue<double[]> queue = new PriorityQueue<>(Comparator.comparingDouble(e -> e[0]));
        for (int i = 0; i < n; i++) if (area[i] < minAreaM2) queue.add(new double[]{area[i], i});
        while (!queue.isEmpty()) {
            double[] head = queue.poll();
            int i = (int) head[1];
            if (!alive[i] || head[0] != area[i] || area[i] >= minAreaM2) continue;
            int best = -1;
            double bestLength = 0;
            for (Map.Entry<Integer, Double> e : borders.get(i).entrySet()) {
                if (e.getValue() > bestLength || (e.getValue() == bestLength && best >= 0 && e.getKey() < best)) {
                    best = e.getKey();
                    bestLength = e.getValue();
                }
            }
            if (best < 0) continue; // alone: nothing to merge into
            // Merge i into best: best takes i's area and borders.
            alive[i] = false;
            group[i] = best;
            area[best] += area[i];
            Map<Integer, Double> into = borders.get(best);
            into.remove(i);
            for (Map.Entry<Integer, Double> e : borders.get(i).entrySet()) {
                int other = e.getKey();
                if (other == best) continue;
                into.merge(other, e.getValue(), Double::sum);
                Map<Integer, Double> back = borders.get(other);
                back.remove(i);
                back.merge(best, e.getValue(), Double::sum);
            }
            borders.get(i).clear();
            if (area[best] < minAreaM2) queue.add(new double[]{area[best], best});
        }
        Map<Integer, List<Geometry>> members = new HashMap<>();
        for (int i = 0; i < n; i++) members.computeIfAbsent(root(group, i), k -> new ArrayList<>()).add(blocks.get(i));
        List<Geometry> out = new ArrayList<>(members.size());
        for (int i = 0; i < n; i++) {
            List<Geometry> parts = members.get(i);
            if (parts == null) continue;
            out.add(parts.size() == 1 ? parts.get(0) : dissolve(parts));
        }
        return out;
    }

    private static int root(int[] group, int i) {
        while (group[i] != i) i = group[i];
        return i;
    }

    /** Blocks that share borders vertex for vertex dissolve exactly (and fast) as a JTS coverage. */
    private static Geometry dissolve(List<Geometry> parts) {
        Geometry union = CoverageUnion.union(parts.toArray(Geometry[]::new));
        if (union == null || !union.isValid()) union = Planar.union(parts);
        return Planar.polygonal(union);
    }

    /** An undirected segment, for finding the block on the other side of a border. */
    private record Segment(double x0, double y0, double x1, double y1) {
        static Segment of(Coordinate a, Coordinate b) {
            boolean forward = a.x < b.x || (a.x == b.x && a.y <= b.y);
            return forward ? new Segment(a.x, a.y, b.x, b.y) : new Segment(b.x, b.y, a.x, a.y);
        }
    }
}
