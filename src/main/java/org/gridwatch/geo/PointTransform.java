package org.gridwatch.geo;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;

/**
 * A change of coordinates applied point by point (a projection, a datum or offset shift). The one
 * place that walks a geometry's coordinates for it, so exporters, importers and the metric
 * projection share it.
 */
@FunctionalInterface
public interface PointTransform {

    /** Writes the transformed {@code x, y} into {@code out[0], out[1]}. */
    void transform(double x, double y, double[] out);

    /** A transformed copy of {@code g}; {@code g} itself is left unchanged. Not thread-safe if the transform is not. */
    default Geometry applyTo(Geometry g) {
        if (g == null) return null;
        Geometry copy = g.copy();
        double[] xy = new double[2];
        copy.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                transform(seq.getX(i), seq.getY(i), xy);
                seq.setOrdinate(i, 0, xy[0]);
                seq.setOrdinate(i, 1, xy[1]);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        return copy;
    }
}
