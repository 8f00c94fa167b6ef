package org.gridwatch.exchange;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import org.gridwatch.geo.CsvCells;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.WKTWriter;

/**
 * Writes rows as CSV (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or line break
 * quoted and inner quotes doubled), UTF-8 with a byte-order mark so Excel opens Chinese text correctly.
 * Point layers get two coordinate columns ({@code lon,lat} in degrees or {@code x,y} in metres); other
 * layers a {@code wkt} column. Cells (header included) go through {@link CsvCells}, which also keeps a
 * name such as {@code =HYPERLINK(...)} from running as a spreadsheet formula. Not thread-safe.
 */
public final class CsvExportWriter {

    private final Writer out;
    private final boolean points;
    private final WKTWriter wkt = new WKTWriter(2);

    /** Writes the BOM and the header line. */
    public CsvExportWriter(Writer out, List<String> properties, boolean points, boolean geographic) throws IOException {
        this.out = out;
        this.points = points;
        out.write('\uFEFF');
        for (String p : properties) {
            field(p);
            out.write(',');
        }
        out.write(points ? (geographic ? "lon,lat" : "x,y") : "wkt");
        out.write("\r\n");
    }

    /** One row: values as text (null empty), then the geometry (already in the export system). */
    public void row(Object[] values, Geometry g) throws IOException {
        for (Object v : values) {
            if (v != null) field(v.toString());
            out.write(',');
        }
        if (g != null && !g.isEmpty()) {
            if (points) {
                Point p = (Point) g;
                out.write(Double.toString(p.getX()));
                out.write(',');
                out.write(Double.toString(p.getY()));
            } else {
                field(wkt.write(g));
            }
        } else if (points) {
            out.write(',');
        }
        out.write("\r\n");
    }

    private void field(String s) throws IOException {
        out.write(CsvCells.cell(s));
    }
}
