package org.gridwatch.feature;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
        if (wkb[0] != 0 && wkb[0] != 1) {
            throw new IllegalArgumentException("not WKB: byte order mark " + wkb[0]);
        }
        ByteBuffer bytes = ByteBuffer.wrap(wkb).order(wkb[0] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int type = bytes.getInt(1);
        int at = (type & EWKB_SRID) != 0 ? 9 : 5;
        int base = type & ~(EWKB_Z | EWKB_M | EWKB_SRID);
        if (base % 1000 != 1) {
            throw new IllegalArgumentException("not a point: WKB type " + Integer.toHexString(type));
        }
        if (wkb.length < at + 16) {
            throw new IllegalArgumentException("WKB point cut short: " + wkb.length + " bytes");
        }
        xy[0] = bytes.getDouble(at);
        xy[1] = bytes.getDouble(at + 8);
    }
}
