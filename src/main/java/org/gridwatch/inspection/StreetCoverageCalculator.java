package org.gridwatch.inspection;

import java.util.List;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * How much of a grid's streets a day's patrol tracks covered: the length of street within
 * {@code bufferMeters} of any track. All geometries in one metric projection (metres); streets
 * already clipped to the grid. Buffers use 8 segments per quarter circle, so a point at exactly the
 * buffer distance may fall either side (0.4% of the radius). Stateless, thread-safe.
 */
public final class StreetCoverageCalculator {

    /** Street length in the grid and the part of it near a track, in metres. */
    public record Coverage(double streetLengthM, double coveredM) {
        /** Covered share 0..1; 0 when the grid has no streets. */
        public double share() {
            return streetLengthM > 0 ? Math.min(1, coveredM / streetLengthM) : 0;
        }
    }

    private StreetCoverageCalculator() {
    }

    public static Coverage compute(List<LineString> streetsM, List<Geometry> tracksM, double bufferMeters) {
        GeometryFactory f = new GeometryFactory();
        double total = 0;
        for (LineString s : streetsM) total += s.getLength();
        if (streetsM.isEmpty() || tracksM.isEmpty() || total == 0) {
            return new Coverage(total, 0);
        }
        Geometry near = UnaryUnionOp.union(tracksM.stream().map(t -> t.buffer(bufferMeters, 8)).toList());
        double covered = 0;
        for (LineString s : streetsM) {
            if (!near.getEnvelopeInternal().intersects(s.getEnvelopeInternal())) continue;
            covered += near.intersection(s).getLength();
        }
        return new Coverage(total, Math.min(total, covered));
    }
}
