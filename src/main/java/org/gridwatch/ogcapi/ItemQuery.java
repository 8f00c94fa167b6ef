package org.gridwatch.ogcapi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.geo.PointTransform;
import org.gridwatch.ogcapi.cql2.Cql2;
import org.gridwatch.ogcapi.cql2.Cql2InvalidException;
import org.gridwatch.ogcapi.cql2.Cql2JsonParser;
import org.gridwatch.ogcapi.cql2.Cql2Sql;
import org.gridwatch.ogcapi.cql2.Cql2SyntaxException;
import org.gridwatch.ogcapi.cql2.Cql2TextParser;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Reads the selection parameters of an items request ({@code bbox}, {@code bbox-crs}, {@code datetime},
 * {@code filter}, {@code filter-lang}, {@code filter-crs} and {@code ?queryable=value}) into an
 * {@link ItemFilter}, refusing bad ones with a 400 problem that names the parameter (and, for a filter, the
 * position of the error).
 */
final class ItemQuery {

    static final String CQL2_TEXT = "cql2-text";
    static final String CQL2_JSON = "cql2-json";

    private final CrsRegistry crsRegistry;

    ItemQuery(CrsRegistry crsRegistry) {
        this.crsRegistry = crsRegistry;
    }

    /** The filter of a request to collection {@code c}; {@code parameter} gives a query parameter or null. */
    ItemFilter read(CollectionSpec c, Function<String, String> parameter) {
        List<Cql2.Filter> where = new ArrayList<>();
        c.queryables().forEach((name, p) -> {
            String v = parameter.apply(name);
            if (v != null) where.add(new Cql2.Compare(Cql2.CompareOp.EQ, new Cql2.Property(name), typed(name, v, p)));
        });
        Cql2.Filter filter = filter(parameter.apply("filter"), parameter.apply("filter-lang"), parameter.apply("filter-crs"));
        if (filter != null) {
            try {
                Cql2Sql.check(filter, c.filterColumns());
            } catch (Cql2InvalidException e) {
                if (e.unknownProperty() != null) {
                    String list = String.join(", ", c.filterColumns().keySet());
                    throw ApiProblem.badRequest("ogcapi.filter.unknownProperty", "filter: '" + e.unknownProperty()
                            + "' is not a queryable of " + c.id() + "; queryables: " + list, e.unknownProperty(), list);
                }
                throw ApiProblem.badRequest("ogcapi.filter.invalid", "filter: " + e.getMessage(), e.getMessage());
            }
            where.add(filter);
        }
        TimeInterval time = datetime(parameter.apply("datetime"));
        OgcCrs bboxCrs = crs(parameter.apply("bbox-crs"));
        String bbox = parameter.apply("bbox");
        ItemFilter spatial = bbox == null ? null : bbox(bbox, bboxCrs);
        if (spatial != null && spatial.where() != null) where.add(spatial.where());
        Cql2.Filter all = where.isEmpty() ? null : where.size() == 1 ? where.get(0) : new Cql2.And(where);
        return spatial == null ? new ItemFilter(null, null, time, all)
                : new ItemFilter(spatial.envelope(), spatial.area(), time, all);
    }

    /** {@code filter} parsed in its language, geometry literals converted from {@code filter-crs} to WGS84. */
    Cql2.Filter filter(String text, String lang, String crsUri) {
        if (text == null) {
            return null;
        }
        String language = lang == null ? CQL2_TEXT : lang.trim().toLowerCase(Locale.ROOT);
        Cql2.Filter f;
        try {
            f = switch (language) {
                case CQL2_TEXT -> Cql2TextParser.parse(text);
                case CQL2_JSON -> Cql2JsonParser.parse(text);
                default -> throw ApiProblem.badRequest("ogcapi.filterLang.unsupported", "unsupported filter-lang '"
                        + lang + "'; use cql2-text or cql2-json", lang);
            };
        } catch (Cql2SyntaxException e) {
            throw ApiProblem.badRequest(language.equals(CQL2_TEXT) ? "ogcapi.filter.syntax" : "ogcapi.filter.jsonSyntax",
                    "filter: " + e.getMessage(), e.position(), e.getMessage()).with("position", e.position());
        }
        OgcCrs crs = crs(crsUri);
        // A self-intersecting polygon would make the databases' spatial predicates throw; refuse it here.
        Cql2.mapGeometries(f, g -> {
            org.locationtech.jts.operation.valid.IsValidOp valid = new org.locationtech.jts.operation.valid.IsValidOp(g);
            if (!valid.isValid()) {
                String why = "a geometry literal is not valid: " + valid.getValidationError().getMessage();
                throw ApiProblem.badRequest("ogcapi.filter.invalid", "filter: " + why, why);
            }
            return g;
        });
        if (crs.isStorageCrs()) return f;
        return Cql2.mapGeometries(f, g -> toWgs84(g, crs));
    }

    /** The filter's geometry literal from {@code filter-crs} into storage lon/lat, through the shared coordinate walk. */
    private static Geometry toWgs84(Geometry g, OgcCrs crs) {
        PointTransform toStorage = (x, y, out) -> {
            Coordinate c = crs.toWgs84(x, y);
            out[0] = c.x;
            out[1] = c.y;
        };
        return toStorage.applyTo(g);
    }

    private static Cql2.Operand typed(String name, String value, CollectionSpec.Property p) {
        return switch (p.filterType()) {
            case NUMBER, INTEGER -> {
                try {
                    yield new Cql2.Number(new BigDecimal(value.trim()));
                } catch (NumberFormatException e) {
                    throw ApiProblem.badRequest("ogcapi.parameter.notNumber", "query parameter '" + name
                            + "' must be a number (got " + value + ")", name, value);
                }
            }
            case TIMESTAMP -> {
                try {
                    TimeInterval t = TimeInterval.parse(value);
                    if (t == null || !t.from().equals(t.to())) throw new TimeInterval.InvalidException("not an instant");
                    yield new Cql2.Timestamp(t.from());
                } catch (TimeInterval.InvalidException | NullPointerException e) {
                    throw ApiProblem.badRequest("ogcapi.parameter.notTimestamp", "query parameter '" + name
                            + "' must be an RFC 3339 date-time (got " + value + ")", name, value);
                }
            }
            default -> new Cql2.Text(value);
        };
    }

    OgcCrs crs(String uri) {
        if (uri == null) return crsRegistry.storage();
        return crsRegistry.find(uri).orElseThrow(() -> ApiProblem.badRequest("ogcapi.crs.unsupported",
                "unsupported crs '" + uri + "'", uri).with("supportedCrs", crsRegistry.uris()));
    }

    static TimeInterval datetime(String text) {
        if (text == null) return null;
        try {
            TimeInterval t = TimeInterval.parse(text);
            if (t == null) throw new TimeInterval.InvalidException("it is empty");
            return t;
        } catch (TimeInterval.InvalidException e) {
            throw ApiProblem.badRequest("ogcapi.datetime.invalid", "invalid datetime: " + e.getMessage(), e.getMessage());
        }
    }

    /**
     * The bbox as an envelope (and exact area for a projected CRS). In a geographic CRS a box whose west edge
     * lies east of its east edge crosses the antimeridian (OGC API – Features Part 1, 7.15.3): it becomes the
     * two boxes either side of it, as a condition in {@code where}.
     */
    private static ItemFilter bbox(String bbox, OgcCrs bboxCrs) {
        String[] parts = bbox.split(",", -1);
        if (parts.length != 4 && parts.length != 6) throw badBbox(bbox);
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw badBbox(bbox);
            }
            if (!Double.isFinite(v[i])) throw badBbox(bbox);
        }
        int upper = parts.length / 2;
        // A 3D box is lower (x, y, z), upper (x, y, z); the heights do not matter for 2D data.
        double lower1 = v[0], lower2 = v[1], upper1 = v[upper], upper2 = v[upper + 1];
        if (bboxCrs.axes() != OgcCrs.Axes.NORTHING_EASTING) {
            boolean lonFirst = bboxCrs.axes() == OgcCrs.Axes.LON_LAT;
            double latLo = lonFirst ? lower2 : lower1, latHi = lonFirst ? upper2 : upper1;
            double west = lonFirst ? lower1 : lower2, east = lonFirst ? upper1 : upper2;
            if (latLo > latHi || latLo < -90 || latHi > 90 || west < -180 || west > 180 || east < -180 || east > 180) {
                throw badBbox(bbox);
            }
            if (west > east) {
                Cql2.Filter either = new Cql2.Or(List.of(intersects(west, latLo, 180, latHi),
                        intersects(-180, latLo, east, latHi)));
                return new ItemFilter(null, null, null, either);
            }
        } else if (lower1 > upper1 || lower2 > upper2) {
            throw badBbox(bbox);
        }
        Polygon area = bboxCrs.bboxToWgs84(lower1, lower2, upper1, upper2);
        Envelope envelope = area.getEnvelopeInternal();
        if (!(envelope.getMinX() >= -180 && envelope.getMaxX() <= 180 && envelope.getMinY() >= -90
                && envelope.getMaxY() <= 90)) {
            throw badBbox(bbox);
        }
        return new ItemFilter(envelope, bboxCrs.axes() == OgcCrs.Axes.NORTHING_EASTING ? area : null, null, null);
    }

    private static Cql2.Filter intersects(double minLon, double minLat, double maxLon, double maxLat) {
        Geometry box = GeometryFactories.WGS84.toGeometry(new Envelope(minLon, maxLon, minLat, maxLat));
        return new Cql2.Spatial(Cql2.SpatialOp.S_INTERSECTS, new Cql2.Property(CollectionSpec.GEOMETRY),
                new Cql2.GeometryLiteral(box));
    }

    private static ApiProblem badBbox(String bbox) {
        return ApiProblem.badRequest("ogcapi.bbox.invalid", "bbox must be 4 or 6 numbers, lower corner then upper corner in "
                + "the axis order of bbox-crs (got " + bbox + ")", bbox);
    }
}
