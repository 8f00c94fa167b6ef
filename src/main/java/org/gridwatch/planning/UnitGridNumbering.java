package org.gridwatch.planning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * Numbers grids the way urban-management unit grids (单元网格) are numbered: a 15-digit code of 6
 * digits of district, 3 of street (街道), 3 of community (社区) and a 3-digit sequence counted from
 * west to east and north to south, i.e. in reading order: rows from north to south, and within a row
 * from west to east.
 *
 * <p>Rows: grids are taken by the y of an interior point, north first; a grid joins the current row
 * when its point lies less than half the median grid height below the row's first point. So a row of
 * slightly staggered blocks stays one row, while the next street's blocks start a new one.
 *
 * <p>Planar coordinates with y to the north (metres, or lon/lat over a district). Stateless and thread-safe.
 */
public final class UnitGridNumbering {

    /** 6 digits of district, 3 of street, 3 of community. */
    public static final Pattern PREFIX = Pattern.compile("\\d{12}");
    public static final int MAX_SEQUENCE = 999;

    private UnitGridNumbering() {
    }

    /**
     * The reading order of {@code grids}: element {@code r} of the answer is the index (into
     * {@code grids}) of the grid numbered {@code r + 1}. Ties in a row are broken by input order.
     */
    public static int[] order(List<? extends Geometry> grids) {
        int n = grids.size();
        double[] x = new double[n], y = new double[n], height = new double[n];
        for (int i = 0; i < n; i++) {
            Point p = grids.get(i).getInteriorPoint();
            x[i] = p.getX();
            y[i] = p.getY();
            height[i] = grids.get(i).getEnvelopeInternal().getHeight();
        }
        double[] sorted = height.clone();
        Arrays.sort(sorted);
        double rowTolerance = n == 0 ? 0 : sorted[n / 2] / 2;
        List<Integer> byNorth = new ArrayList<>();
        for (int i = 0; i < n; i++) byNorth.add(i);
        byNorth.sort(Comparator.comparingDouble((Integer i) -> -y[i]).thenComparingInt(i -> i));
        int[] out = new int[n];
        int written = 0;
        int start = 0;
        while (start < n) {
            double top = y[byNorth.get(start)];
            int end = start;
            while (end < n && top - y[byNorth.get(end)] < rowTolerance) end++;
            if (end == start) end++;
            List<Integer> row = new ArrayList<>(byNorth.subList(start, end));
            row.sort(Comparator.comparingDouble((Integer i) -> x[i]).thenComparingInt(i -> i));
            for (int i : row) out[written++] = i;
            start = end;
        }
        return out;
    }

    /**
     * The 15-digit codes of {@code grids}, in input order.
     *
     * @param prefix 12 digits: district (6), street (3), community (3)
     * @throws IllegalArgumentException when the prefix is not 12 digits or there are more than 999 grids
     */
    public static List<String> codes(String prefix, List<? extends Geometry> grids) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must be 12 digits (district 6, street 3, community 3)");
        }
        if (grids.size() > MAX_SEQUENCE) {
            throw new IllegalArgumentException("at most " + MAX_SEQUENCE + " unit grids per community");
        }
        String[] codes = new String[grids.size()];
        int[] order = order(grids);
        for (int r = 0; r < order.length; r++) codes[order[r]] = prefix + String.format("%03d", r + 1);
        return Arrays.asList(codes);
    }
}
