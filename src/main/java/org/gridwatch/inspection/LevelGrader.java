package org.gridwatch.inspection;

import java.util.Collection;
import java.util.Map;

/**
 * Grades indicator values against the national density-control levels (A best, B, C; FAIL below C)
 * and combines them: a vector's level is the worst of its judged indicators, the verdict is against
 * level C. Stateless, thread-safe.
 *
 * <p>Boundaries: a value equal to a threshold is at that level when the threshold is inclusive
 * (GB/T "≤1"), one level down when not ("&lt;3"). Values are compared with a relative tolerance of
 * 1e-9 so that 3 positives out of 100 checks (3.0000000000000004 % in binary) is exactly 3 %.
 */
public final class LevelGrader {

    /** Grades from best to worst, then the two non-levels. */
    public enum Grade {
        A, B, C, FAIL, INSUFFICIENT;

        boolean judged() {
            return this != INSUFFICIENT;
        }
    }

    /**
     * The verdict of a grid against level C (the sanitary-city minimum), over the vectors it covers:
     * PASS every vector assessed and at C or better; PARTIAL the assessed ones at C or better but some
     * not assessed (the verdict names them; a vector without data is never a pass); FAIL some assessed
     * vector below C; INSUFFICIENT no vector assessed.
     */
    public enum Verdict {
        PASS, PARTIAL, FAIL, INSUFFICIENT
    }

    private static final double RELATIVE_TOLERANCE = 1e-9;

    private LevelGrader() {
    }

    /**
     * The grade of {@code value} measured on {@code sampleSize} samples: INSUFFICIENT when the value
     * is undefined (null, no sample) or the sample is smaller than the threshold's minimum.
     */
    public static Grade grade(Double value, double sampleSize, Threshold t) {
        if (t.local() || t.a() == null || t.b() == null || t.c() == null) {
            throw new IllegalArgumentException(t.indicator() + " is a local figure without national levels");
        }
        if (value == null || Double.isNaN(value) || !(sampleSize > 0) || sampleSize < t.minSample()) {
            return Grade.INSUFFICIENT;
        }
        if (meets(value, t.a(), t)) return Grade.A;
        if (meets(value, t.b(), t)) return Grade.B;
        if (meets(value, t.c(), t)) return Grade.C;
        return Grade.FAIL;
    }

    private static boolean meets(double value, double limit, Threshold t) {
        double eps = RELATIVE_TOLERANCE * Math.max(1, Math.abs(limit));
        if (t.higherIsBetter()) {
            return t.inclusive() ? value >= limit - eps : value > limit + eps;
        }
        return t.inclusive() ? value <= limit + eps : value < limit - eps;
    }

    /** The worst judged grade of {@code grades}; INSUFFICIENT when none is judged. */
    public static Grade worst(Collection<Grade> grades) {
        Grade worst = null;
        for (Grade g : grades) {
            if (!g.judged()) continue;
            if (worst == null || g.ordinal() > worst.ordinal()) worst = g;
        }
        return worst == null ? Grade.INSUFFICIENT : worst;
    }

    /** See {@link Verdict}: over the vectors' levels, INSUFFICIENT meaning "not assessed". */
    public static Verdict verdict(Map<String, Grade> vectors) {
        boolean all = !vectors.isEmpty();
        boolean any = false;
        for (Grade g : vectors.values()) {
            if (g == Grade.FAIL) return Verdict.FAIL;
            if (!g.judged()) all = false;
            else any = true;
        }
        return all ? Verdict.PASS : any ? Verdict.PARTIAL : Verdict.INSUFFICIENT;
    }

    /**
     * Where a local (management) figure stands against the district's own target: INSUFFICIENT as
     * for a grade, NO_TARGET when the district set none, else MET or MISSED (in the threshold's
     * direction, inclusive or not). Never a national level.
     */
    public static DensityIndexCalculator.TargetStatus target(Double value, double sampleSize, Threshold t) {
        if (value == null || Double.isNaN(value) || !(sampleSize > 0) || sampleSize < t.minSample()) {
            return DensityIndexCalculator.TargetStatus.INSUFFICIENT;
        }
        if (t.target() == null) return DensityIndexCalculator.TargetStatus.NO_TARGET;
        return meets(value, t.target(), t) ? DensityIndexCalculator.TargetStatus.MET
                : DensityIndexCalculator.TargetStatus.MISSED;
    }
}
