package org.gridwatch.inspection;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.gridwatch.geo.GeometryFactories;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

/**
 * Reads the track of a GPX 1.1 file ({@code trk/trkseg/trkpt lat= lon=}; 1.0 works the same) into a
 * WGS84 LineString, or a MultiLineString when it has several segments. Segments with fewer than two
 * points are dropped; a file without any usable segment is refused. External entities are disabled.
 * At most {@code maxPoints} points in all (counted while streaming, so a file of a million points is
 * refused after reading the first {@code maxPoints + 1}, never held). Stateless, thread-safe.
 */
public final class GpxTrackReader {

    /** A GPX file that could not be read: a message key, its arguments and English text for the log. */
    public static final class GpxException extends RuntimeException {
        private final String messageKey;
        private final Object[] arguments;

        GpxException(String messageKey, String message, Object... arguments) {
            super(message);
            this.messageKey = messageKey;
            this.arguments = arguments;
        }

        public String messageKey() {
            return messageKey;
        }

        public Object[] arguments() {
            return arguments.clone();
        }
    }

    /** The most points a track may have when the caller names no limit: as many as a JSON track. */
    public static final int DEFAULT_MAX_POINTS = org.gridwatch.geo.GeoJsonReader.MAX_POSITIONS;

    private GpxTrackReader() {
    }

    public static Geometry read(InputStream in) {
        return read(in, DEFAULT_MAX_POINTS);
    }

    public static Geometry read(InputStream in, int maxPoints) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (IllegalArgumentException ignored) {
            // not every StAX implementation knows the property; DTDs are off anyway
        }
        List<LineString> segments = new ArrayList<>();
        List<Coordinate> current = null;
        long points = 0;
        try {
            XMLStreamReader r = factory.createXMLStreamReader(in);
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    if (name.equals("trkseg")) {
                        current = new ArrayList<>();
                    } else if (name.equals("trkpt") && current != null) {
                        if (++points > maxPoints) {
                            throw new GpxException("patrol.gpx.tooManyPoints", "the GPX track has more than "
                                    + maxPoints + " points", maxPoints);
                        }
                        current.add(new Coordinate(number(r, "lon", -180, 180), number(r, "lat", -90, 90)));
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("trkseg")) {
                    if (current != null && current.size() >= 2) {
                        segments.add(GeometryFactories.WGS84.createLineString(current.toArray(new Coordinate[0])));
                    }
                    current = null;
                }
            }
        } catch (XMLStreamException e) {
            // The parser's words (line, column, its own phrasing) are not an answer for the user.
            throw new GpxException("patrol.gpx.notXml", "not a readable GPX file: " + e.getMessage());
        }
        if (segments.isEmpty()) {
            throw new GpxException("patrol.gpx.noTrack",
                    "the GPX file holds no track segment (trk/trkseg) with two or more points");
        }
        return segments.size() == 1 ? segments.get(0)
                : GeometryFactories.WGS84.createMultiLineString(segments.toArray(new LineString[0]));
    }

    private static double number(XMLStreamReader r, String attribute, double min, double max) {
        String text = r.getAttributeValue(null, attribute);
        try {
            double v = Double.parseDouble(text);
            if (v >= min && v <= max) return v;
        } catch (NullPointerException | NumberFormatException ignored) {
            // reported below
        }
        throw new GpxException("patrol.gpx.badPoint", "trkpt " + attribute + " must be a number between " + min
                + " and " + max + ", got " + text, attribute, min, max);
    }
}
