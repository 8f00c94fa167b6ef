package org.gridwatch.exchange;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes KML 2.2 (OGC 07-147r2): one Placemark per row with the properties as ExtendedData, geometry
 * in WGS84 lon,lat as KML requires. Multi-geometries become MultiGeometry. Text is XML-escaped.
 * Not thread-safe.
 */
public final class KmlExportWriter {

    private final Writer out;
    private final List<String> properties;
    private final int nameColumn;

    public KmlExportWriter(Writer out, String documentName, List<String> properties) throws IOException {
        this.out = out;
        this.properties = properties;
        this.nameColumn = properties.indexOf("name");
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">"
                + "<Document><name>");
        escape(documentName);
        out.write("</name>\n");
    }

    public void placemark(Object[] values, Geometry g) throws IOException {
        out.write("<Placemark>");
        if (nameColumn >= 0 && values[nameColumn] != null) {
            out.write("<name>");
            escape(values[nameColumn].toString());
            out.write("</name>");
        }
        out.write("<ExtendedData>");
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) continue;
            out.write("<Data name=\"");
            escape(properties.get(i));
            out.write("\"><value>");
            escape(values[i].toString());
            out.write("</value></Data>");
        }
        out.write("</ExtendedData>");
        if (g != null && !g.isEmpty()) geometry(g);
        out.write("</Placemark>\n");
    }

    public void end() throws IOException {
        out.write("</Document></kml>\n");
    }

    private void geometry(Geometry g) throws IOException {
        if (g instanceof Point p) {
            out.write("<Point><coordinates>");
            coords(p.getCoordinateSequence());
            out.write("</coordinates></Point>");
        } else if (g instanceof LineString l) {
            out.write("<LineString><coordinates>");
            coords(l.getCoordinateSequence());
            out.write("</coordinates></LineString>");
        } else if (g instanceof Polygon p) {
            out.write("<Polygon><outerBoundaryIs><LinearRing><coordinates>");
            coords(p.getExteriorRing().getCoordinateSequence());
            out.write("</coordinates></LinearRing></outerBoundaryIs>");
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                out.write("<innerBoundaryIs><LinearRing><coordinates>");
                coords(p.getInteriorRingN(i).getCoordinateSequence());
                out.write("</coordinates></LinearRing></innerBoundaryIs>");
            }
            out.write("</Polygon>");
        } else {
            out.write("<MultiGeometry>");
            for (int i = 0; i < g.getNumGeometries(); i++) geometry(g.getGeometryN(i));
            out.write("</MultiGeometry>");
        }
    }

    private void coords(CoordinateSequence s) throws IOException {
        for (int i = 0; i < s.size(); i++) {
            if (i > 0) out.write(' ');
            out.write(Double.toString(s.getX(i)));
            out.write(',');
            out.write(Double.toString(s.getY(i)));
        }
    }

    private void escape(String s) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.write("&lt;");
                case '>' -> out.write("&gt;");
                case '&' -> out.write("&amp;");
                case '"' -> out.write("&quot;");
                default -> {
                    // XML 1.0 forbids most control characters; drop them rather than write an unreadable file.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out.write(c);
                }
            }
        }
    }
}
