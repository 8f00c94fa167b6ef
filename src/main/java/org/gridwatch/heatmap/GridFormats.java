package org.gridwatch.heatmap;

/**
 * Text forms of a density grid on a {@link LonLatRaster}: the API's JSON and the ESRI ASCII grid that
 * desktop GIS opens directly (values in features per km², rows from the north). Stateless.
 */
final class GridFormats {

    private GridFormats() {
    }

    /** {@code {"bbox":[w,s,e,n],"width":..,"height":..,"radiusMeters":..,"unit":..,"values":[[row],..]}}. */
    static String json(LonLatRaster frame, float[] values, double radiusMeters) {
        StringBuilder out = new StringBuilder(values.length * 6 + 256);
        out.append("{\"bbox\":[").append(frame.minLon()).append(',').append(frame.minLat()).append(',')
                .append(frame.maxLon()).append(',').append(frame.maxLat()).append("],\"width\":").append(frame.width())
                .append(",\"height\":").append(frame.height()).append(",\"radiusMeters\":").append(radiusMeters)
                .append(",\"unit\":\"features/km²\",\"values\":[");
        for (int y = 0; y < frame.height(); y++) {
            out.append(y == 0 ? "[" : ",[");
            for (int x = 0; x < frame.width(); x++) {
                if (x > 0) {
                    out.append(',');
                }
                number(out, values[y * frame.width() + x]);
            }
            out.append(']');
        }
        return out.append("]}").toString();
    }

    /**
     * ESRI ASCII grid. Square cells get the standard {@code cellsize}; otherwise the {@code dx}/{@code dy}
     * header that GDAL reads. The corner is the lower-left corner of the lower-left cell.
     */
    static String esriAscii(LonLatRaster frame, float[] values) {
        StringBuilder out = new StringBuilder(values.length * 6 + 256);
        double dx = frame.cellWidthDegrees();
        double dy = frame.cellHeightDegrees();
        out.append("ncols ").append(frame.width()).append('\n');
        out.append("nrows ").append(frame.height()).append('\n');
        out.append("xllcorner ").append(frame.minLon()).append('\n');
        out.append("yllcorner ").append(frame.minLat()).append('\n');
        if (Math.abs(dx - dy) <= 1e-12 * Math.max(dx, dy)) {
            out.append("cellsize ").append(dx).append('\n');
        } else {
            out.append("dx ").append(dx).append('\n').append("dy ").append(dy).append('\n');
        }
        out.append("NODATA_value -9999\n");
        for (int y = 0; y < frame.height(); y++) {
            for (int x = 0; x < frame.width(); x++) {
                if (x > 0) {
                    out.append(' ');
                }
                number(out, values[y * frame.width() + x]);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Zero as "0", others to 0.001 per km² (far below any density a team acts on). */
    private static void number(StringBuilder out, float v) {
        if (v == 0) {
            out.append('0');
            return;
        }
        long milli = Math.round(v * 1000.0);
        out.append(milli / 1000);
        long frac = Math.abs(milli % 1000);
        if (frac != 0) {
            out.append('.');
            if (frac < 100) out.append('0');
            if (frac < 10) out.append('0');
            while (frac % 10 == 0) frac /= 10;
            out.append(frac);
        }
    }
}
