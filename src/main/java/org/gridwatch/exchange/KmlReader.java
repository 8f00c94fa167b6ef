package org.gridwatch.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.geo.PointTransform;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;

/**
 * Reads the placemarks of a KML 2.2 file: {@code name}, {@code description}, {@code ExtendedData}
 * ({@code Data/value} and {@code SchemaData/SimpleData}) as fields, and a Point, LineString, Polygon
 * (outer and inner rings) or MultiGeometry of them as the geometry. KML is WGS84 lon/lat by definition;
 * a {@code crs} can still be given for files made on Chinese web maps (GCJ-02, BD-09).
 *
 * <p>Hostile XML is refused, streaming with StAX so a large file never sits in memory: a document type
 * declaration (the carrier of "billion laughs" entity bombs and external entities) is refused outright,
 * external entities and DTD processing are switched off in the parser as a second line, elements nest at
 * most {@link #MAX_DEPTH} deep, and one text value holds at most {@link #MAX_TEXT_CHARS} characters.
 * Coordinates that do not parse make that placemark a bad record ({@link Record#error()}).
 *
 * <p>Not thread-safe. Reads the file twice: once to count and check, once to hand the records over.
 */
public final class KmlReader {

    public static final int MAX_DEPTH = 64;
    public static final int MAX_TEXT_CHARS = 8 << 20;

    /** One placemark: 0-based index, WGS84 geometry, fields, or an error. */
    public record Record(int index, Geometry geometry, Map<String, Object> attributes, String error) {
    }

    private final Path file;
    private final SourceCrs crs;
    private final int count;
    private final List<String> columns;
    private final String geometryTypes;

    private KmlReader(Path file, SourceCrs crs, int count, List<String> columns, String geometryTypes) {
        this.file = file;
        this.crs = crs;
        this.count = count;
        this.columns = columns;
        this.geometryTypes = geometryTypes;
    }

    /** Opens and checks {@code file}. */
    public static KmlReader open(Path file, SourceCrs crs, int maxRecords) throws IOException {
        SourceCrs effective = crs == null ? SourceCrs.wgs84() : crs;
        int[] n = {0};
        Set<String> columns = new LinkedHashSet<>();
        Set<String> types = new LinkedHashSet<>();
        parse(file, effective, r -> {
            if (++n[0] > maxRecords) {
                throw new ExchangeFormatException("exchange.import.tooManyRecords",
                        "the file has more than " + maxRecords + " records", n[0], maxRecords);
            }
            columns.addAll(r.attributes().keySet());
            if (r.geometry() != null) types.add(r.geometry().getGeometryType());
        });
        return new KmlReader(file, effective, n[0], List.copyOf(columns), String.join(", ", types));
    }

    public int count() {
        return count;
    }

    public List<String> columns() {
        return columns;
    }

    public String crsDescription() {
        return crs.description();
    }

    public String geometryTypeName() {
        return geometryTypes.isEmpty() ? "none" : geometryTypes;
    }

    public void forEach(Consumer<Record> sink) throws IOException {
        parse(file, crs, sink);
    }

    static XMLInputFactory safeFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    }

    private static ExchangeFormatException broken(String why) {
        return new ExchangeFormatException("exchange.kml.broken", "the KML file cannot be read: " + why);
    }

    private static void parse(Path file, SourceCrs crs, Consumer<Record> sink) throws IOException {
        PointTransform toWgs84 = crs::toWgs84;
        GeometryFactory gf = GeometryFactories.WGS84;
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader x = safeFactory().createXMLStreamReader(in);
            int depth = 0;
            int index = 0;
            Map<String, Object> fields = null;
            List<Geometry> parts = null;
            List<LinearRing> rings = null;
            String error = null;
            String dataName = null;
            StringBuilder text = new StringBuilder();
            boolean inOuter = false;
            while (x.hasNext()) {
                int event = x.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> throw new ExchangeFormatException("exchange.kml.dtd",
                            "the KML file declares a document type (DTD); entity declarations are refused because "
                                    + "they can expand without bound");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new ExchangeFormatException("exchange.kml.dtd",
                            "the KML file uses an entity reference (&" + x.getLocalName() + ";); entities are refused");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++depth > MAX_DEPTH) throw broken("elements nest deeper than " + MAX_DEPTH);
                        text.setLength(0);
                        String name = x.getLocalName();
                        if (name.equals("Placemark")) {
                            fields = new LinkedHashMap<>();
                            parts = new ArrayList<>();
                            rings = null;
                            error = null;
                        } else if (fields != null && (name.equals("Data") || name.equals("SimpleData"))) {
                            dataName = x.getAttributeValue(null, "name");
                        } else if (fields != null && name.equals("Polygon")) {
                            rings = new ArrayList<>();
                        } else if (name.equals("outerBoundaryIs")) {
                            inOuter = true;
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (text.length() + x.getTextLength() > MAX_TEXT_CHARS) {
                            throw broken("a text value is longer than " + MAX_TEXT_CHARS + " characters");
                        }
                        text.append(x.getTextCharacters(), x.getTextStart(), x.getTextLength());
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        depth--;
                        String name = x.getLocalName();
                        if (fields == null) break;
                        String value = text.toString().trim();
                        switch (name) {
                            case "name", "description" -> {
                                if (dataName == null && !fields.containsKey(name)) fields.put(name, value);
                            }
                            case "value" -> {
                                if (dataName != null) fields.put(dataName, value.isEmpty() ? null : value);
                            }
                            case "SimpleData" -> {
                                if (dataName != null) fields.put(dataName, value.isEmpty() ? null : value);
                                dataName = null;
                            }
                            case "Data" -> dataName = null;
                            case "coordinates" -> {
                                try {
                                    Coordinate[] cs = coordinates(value);
                                    if (rings != null) {
                                        if (inOuter) rings.add(0, gf.createLinearRing(cs));
                                        else rings.add(gf.createLinearRing(cs));
                                    } else if (cs.length == 1) {
                                        parts.add(gf.createPoint(cs[0]));
                                    } else {
                                        parts.add(gf.createLineString(cs));
                                    }
                                } catch (IllegalArgumentException e) {
                                    if (error == null) error = "coordinates cannot be read: " + e.getMessage();
                                }
                            }
                            case "outerBoundaryIs" -> inOuter = false;
                            case "Polygon" -> {
                                if (rings != null && !rings.isEmpty()) {
                                    parts.add(gf.createPolygon(rings.get(0),
                                            rings.subList(1, rings.size()).toArray(new LinearRing[0])));
                                }
                                rings = null;
                            }
                            case "Placemark" -> {
                                Geometry g = parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0)
                                        : gf.buildGeometry(parts);
                                if (g != null && error == null) g = toWgs84.applyTo(g);
                                sink.accept(new Record(index++, error == null ? g : null, fields, error));
                                fields = null;
                                parts = null;
                            }
                            default -> {
                            }
                        }
                        text.setLength(0);
                    }
                    default -> {
                    }
                }
            }
        } catch (XMLStreamException e) {
            // The parser's own words stay in the log; the user gets ours.
            org.slf4j.LoggerFactory.getLogger(KmlReader.class).debug("KML not parsed", e);
            throw broken("the XML is not well-formed");
        }
    }

    /** KML's "lon,lat[,alt] lon,lat[,alt] …"; the altitude is dropped. */
    static Coordinate[] coordinates(String text) {
        String[] tuples = text.trim().split("\\s+");
        if (tuples.length == 0 || tuples[0].isEmpty()) throw new IllegalArgumentException("no coordinates");
        Coordinate[] out = new Coordinate[tuples.length];
        for (int i = 0; i < tuples.length; i++) {
            String[] xyz = tuples[i].split(",");
            if (xyz.length < 2 || xyz.length > 3) throw new IllegalArgumentException("'" + tuples[i] + "'");
            try {
                out[i] = new Coordinate(Double.parseDouble(xyz[0]), Double.parseDouble(xyz[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + tuples[i] + "'");
            }
        }
        return out;
    }
}
