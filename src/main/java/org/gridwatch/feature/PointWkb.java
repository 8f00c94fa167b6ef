package org.gridwatch.feature;

/**
 * The x and y of a point in (E)WKB, as the embedded store hands a geometry column over: read straight from
 * the bytes. Why: a whole-city scan that asked the store for {@code ST_X(geom), ST_Y(geom)} had it build a
 * JTS geometry twice per row (about a second of the embedded store's export of 1,000,000 features).
 *
 * <p>Accepts both byte orders, PostGIS/H2 extended WKB (flags for Z, M and SRID in the type's high bits) and
 * ISO WKB type codes (1001, 2001, 3001); extra ordinates are ignored. Anything but a single point is refused.
 */
public final class PointWkb {

    private static final int EWKB_Z = 0x80000000;
    private static final int EWKB_M = 0x40000000;
    private static final int EWKB_SRID = 0x20000000;

    private PointWkb() {
    }

    /** Puts x (longitude) and y (latitude) into {@code xy[0]} and {@code xy[1]}. */
    public static void read(byte[] wkb, double[] xy) {
        if (wkb == null || wkb.length < 21) {
            throw new IllegalArgumentException("not a WKB point: " + (wkb == null ? "null" : wkb.length + " bytes"));
        }
        boolean little = wkb[0] == 1;
        if (wkb[0] != 0 && wkb[0] != 1) {
            throw new IllegalArgumentException("not WKB: byte order mark " + wkb[0]);
        }
        int type = int32(wkb, 1, little);
        int at = 5;
        if ((type & EWKB_SRID) != 0) {
            at += 4;
        }
        int base = type & ~(EWKB_Z | EWKB_M | EWKB_SRID);
        if (base % 1000 != 1) {
            throw new IllegalArgumentException("not a point: WKB type " + Integer.toHexString(type));
        }
        if (wkb.length < at + 16) {
            throw new IllegalArgumentException("WKB point cut short: " + wkb.length + " bytes");
        }
        xy[0] = Double.longBitsToDouble(int64(wkb, at, little));
        xy[1] = Double.longBitsToDouble(int64(wkb, at + 8, little));
    }

    private static int int32(byte[] b, int at, boolean little) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (b[at + (little ? i : 3 - i)] & 0xFF) << (8 * i);
        }
        return v;
    }

    private static long int64(byte[] b, int at, boolean little) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (b[at + (little ? i : 7 - i)] & 0xFF) << (8 * i);
        }
        return v;
    }
}
