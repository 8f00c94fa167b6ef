package org.gridwatch.exchange;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.gridwatch.feature.FeatureFilter;
import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureView;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.geo.PointTransform;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.outline.OutlineService;
import org.gridwatch.street.StreetService;
import org.gridwatch.street.StreetView;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.springframework.stereotype.Service;

/**
 * Exports a layer in one of the {@link ExportFormat}s and {@link ExportCrs}s, streaming: rows go from the
 * database to the output one at a time (features through a database cursor), so a million features
 * take the same memory as ten. A shapefile is written to a temporary directory first (its headers need
 * the final counts) and then zipped to the output, after the small parts ({@code .prj}, {@code .cpg},
 * {@code fields.txt}), which are sent at once.
 */
@Service
public class ExportService {

    /** China Standard Time, the calendar day a district sees; the .dbf has dates only. */
    static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    private final FeatureService features;
    private final GridService grids;
    private final StreetService streets;
    private final AnalysisExport analysis;
    private final FeatureShapefileExport featureShapefile;
    private final OutlineService outline;

    ExportService(FeatureService features, GridService grids, StreetService streets, AnalysisExport analysis,
                  FeatureShapefileExport featureShapefile, OutlineService outline) {
        this.outline = outline;
        this.features = features;
        this.grids = grids;
        this.streets = streets;
        this.analysis = analysis;
        this.featureShapefile = featureShapefile;
    }

    /** A checked export request. */
    public record Plan(ExchangeLayer layer, ExportFormat format, ExportCrs crs, Charset charset, FeatureFilter filter,
                       long maxShapefileBytes, AnalysisExport.Settings analysis) {

        public String fileName() {
            return layer.key() + "." + format.extension();
        }
    }

    /** One exported row: WGS84 geometry and the values of {@link ExchangeLayer#columns()}. */
    record Row(Geometry geometry, Object[] values) {
    }

    /**
     * Checks the request before anything is sent: layer, format, coordinate system, encoding, and for a
     * point shapefile whether it would pass the 2 GB limit (its size is known from the count).
     */
    public Plan plan(String layerText, String formatText, String crsText, String typeText, String statusText,
                     String encodingText) {
        return plan(layerText, formatText, crsText, typeText, statusText, encodingText, ShapefileWriter.MAX_FILE_BYTES);
    }

    /** As above, with the parameters of the computed layers (coverage, topology, routes, hotspots). */
    Plan plan(String layerText, String formatText, String crsText, String typeText, String statusText,
              String encodingText, AnalysisExport.Options options) {
        return plan(layerText, formatText, crsText, typeText, statusText, encodingText, ShapefileWriter.MAX_FILE_BYTES,
                options);
    }

    Plan plan(String layerText, String formatText, String crsText, String typeText, String statusText,
              String encodingText, long maxShapefileBytes) {
        return plan(layerText, formatText, crsText, typeText, statusText, encodingText, maxShapefileBytes, null);
    }

    private Plan plan(String layerText, String formatText, String crsText, String typeText, String statusText,
                      String encodingText, long maxShapefileBytes, AnalysisExport.Options options) {
        try {
            ExchangeLayer layer = ExchangeLayer.parse(layerText);
            ExportFormat format = ExportFormat.parse(formatText);
            List<String> types = typeText == null || typeText.isBlank() ? List.of()
                    : Stream.of(typeText.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (!types.isEmpty() && layer != ExchangeLayer.FEATURES && layer != ExchangeLayer.COVERAGE
                    && layer != ExchangeLayer.HOTSPOTS) {
                throw ApiProblem.badRequest("exchange.type.onlyFeatures", "type= applies to the features layer only");
            }
            String status = statusText == null || statusText.isBlank() ? "active" : statusText.trim();
            if (status.equals("all")) {
                status = null;
            } else if (!status.equals("active") && !status.equals("removed")) {
                throw ApiProblem.badRequest("feature.status.invalid", "status must be 'active' or 'removed'", status);
            }
            FeatureFilter filter = new FeatureFilter(types, null, null, status);
            ExportCrs crs = ExportCrs.parse(crsText, crsText != null && crsText.trim().equalsIgnoreCase("gk")
                    ? centreLongitude(layer, filter) : Double.NaN);
            if (!crs.geographic() && (format == ExportFormat.KML || format == ExportFormat.GEOJSON)) {
                throw ApiProblem.badRequest("exchange.crs.lonLatOnly",
                        format.name() + " is defined in WGS84 longitude/latitude only; use EPSG:4326 or EPSG:4490, "
                                + "or shapefile/CSV for Gauss-Kruger", format.name());
            }
            Charset charset = encoding(encodingText);
            Plan plan = new Plan(layer, format, crs, charset, filter, maxShapefileBytes,
                    layer.analysis() ? analysis.check(layer, types, options) : null);
            if (format == ExportFormat.SHAPEFILE && layer == ExchangeLayer.FEATURES) {
                checkPointShapefileSize(plan);
            }
            return plan;
        } catch (ExchangeFormatException e) {
            throw problem(e);
        }
    }

    private void checkPointShapefileSize(Plan plan) {
        featureShapefile.checkSize(plan, features.page(plan.filter(), 1, 0).numberMatched());
    }

    private static Charset encoding(String text) {
        if (text == null || text.isBlank()) return StandardCharsets.UTF_8;
        String t = text.trim().toUpperCase();
        return switch (t) {
            case "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
            case "GBK", "CP936", "936", "GB2312" -> Charset.forName("GBK");
            default -> throw new ExchangeFormatException("exchange.encoding.unknown",
                    "unknown text encoding '" + text + "'; use UTF-8 or GBK", text);
        };
    }

    private double centreLongitude(ExchangeLayer layer, FeatureFilter filter) {
        Envelope env = new Envelope();
        grids.list(GridLevel.LARGE, null, null).forEach(g -> env.expandToInclude(g.geometry().getEnvelopeInternal()));
        if (env.isNull() && layer == ExchangeLayer.FEATURES) {
            features.page(filter, 1, 0).features().forEach(f -> env.expandToInclude(f.lon(), f.lat()));
        }
        if (env.isNull() && layer == ExchangeLayer.DISTRICT_OUTLINE) {
            outline.districtOutline().ifPresent(o -> env.expandToInclude(o.getEnvelopeInternal()));
        }
        if (env.isNull() && layer == ExchangeLayer.STREETS) {
            streets.list(null).stream().findFirst().ifPresent(s -> env.expandToInclude(s.geometry().getEnvelopeInternal()));
        }
        return env.isNull() ? Double.NaN : env.centre().x;
    }

    /** Writes the export to {@code out} (not closed). */
    public void write(Plan plan, OutputStream out) throws IOException {
        try {
            switch (plan.format()) {
                case SHAPEFILE -> shapefile(plan, out);
                case GEOJSON -> geojson(plan, out);
                case CSV -> csv(plan, out);
                case KML -> kml(plan, out);
                case GEOPACKAGE -> GeoPackageExport.write(plan, sink -> rows(plan, sink), out);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (ExchangeFormatException e) {
            throw problem(e);
        }
    }

    void rows(Plan plan, Consumer<Row> rowSink) {
        Consumer<Row> sink = JobProgress.counting(rowSink);
        switch (plan.layer()) {
            case FEATURES -> features.forEach(plan.filter(), Integer.MAX_VALUE, 0, f -> sink.accept(row(f)));
            case LARGE_GRIDS -> grids.list(GridLevel.LARGE, null, null).forEach(g -> sink.accept(row(g)));
            case SMALL_GRIDS -> grids.list(GridLevel.SMALL, null, null).forEach(g -> sink.accept(row(g)));
            case STREETS -> streets.list(null).forEach(s -> sink.accept(row(s)));
            case DISTRICT_OUTLINE -> outline.current().ifPresent(o -> sink.accept(new Row(o.geometry(), new Object[]{
                    o.name(), o.source(), Math.round(o.areaM2() * 100) / 100.0, o.updatedAt(), o.version()})));
            default -> analysis.rows(plan, sink);
        }
    }

    private static Row row(FeatureView f) {
        return new Row(f.point(), new Object[]{f.id(), f.type(), f.name(), f.code(), f.address(), f.status(),
                f.gridCode(), new GeoJsonWriter.RawJson(f.attributesJson() == null ? "{}" : f.attributesJson()),
                f.createdAt(), f.updatedAt(), f.version()});
    }

    private static Row row(GridView g) {
        return new Row(g.geometry(), new Object[]{g.code(), g.name(), g.level().key(), g.parentCode(),
                g.responsiblePerson(), g.phone(), Math.round(g.areaM2() * 100) / 100.0, g.createdAt(), g.updatedAt(),
                g.version()});
    }

    private static Row row(StreetView s) {
        return new Row(s.geometry(), new Object[]{s.id(), s.name(), s.streetClass()});
    }

    private void shapefile(Plan plan, OutputStream out) throws IOException {
        ExchangeLayer layer = plan.layer();
        if (layer == ExchangeLayer.FEATURES) {
            featureShapefile.write(plan, out);
            return;
        }
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        // Deflate's fastest level: the .dbf is mostly padding, which it shrinks as well as level 6 does.
        zip.setLevel(Deflater.BEST_SPEED);
        String base = layer.key();
        String prj = plan.crs().esriWkt();
        entry(zip, base + ".prj", prj.getBytes(StandardCharsets.US_ASCII));
        entry(zip, base + ".cpg", ShapefileWriter.cpgName(plan.charset()).getBytes(StandardCharsets.US_ASCII));
        entry(zip, "fields.txt", DbfFieldNames.mappingText(layer.columns(), plan.charset().name(),
                plan.crs().code() + " " + plan.crs().name()).getBytes(StandardCharsets.UTF_8));
        zip.flush();
        out.flush();
        Path dir = Files.createTempDirectory("gridwatch-export-");
        try {
            ShapefileWriter writer = new ShapefileWriter(dir, base, layer.shapeType(), layer.columns(), plan.charset(),
                    null, LocalDate.now(CHINA), plan.maxShapefileBytes());
            ExportCrs.Projector projector = plan.crs().projector();
            double[] xy = new double[2];
            try {
                rows(plan, r -> {
                    try {
                        Object[] values = shapefileValues(r.values());
                        if (layer.shapeType() == ShapefileWriter.ShapeType.POINT && r.geometry() != null) {
                            org.locationtech.jts.geom.Point p = (org.locationtech.jts.geom.Point) r.geometry();
                            projector.project(p.getX(), p.getY(), xy);
                            writer.writePoint(xy[0], xy[1], values);
                        } else {
                            writer.write(project(r.geometry(), projector), values);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                writer.close();
            } catch (RuntimeException e) {
                writer.abandon();
                throw e;
            }
            for (String ext : List.of(".shp", ".shx", ".dbf")) {
                zip.putNextEntry(new ZipEntry(base + ext));
                Files.copy(dir.resolve(base + ext), zip);
                zip.closeEntry();
            }
            zip.finish();
        } finally {
            deleteTree(dir);
        }
    }

    private static Object[] shapefileValues(Object[] values) {
        Object[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            if (v[i] instanceof Instant t) v[i] = LocalDate.ofInstant(t, CHINA);
            else if (v[i] instanceof GeoJsonWriter.RawJson j) v[i] = j.json();
        }
        return v;
    }

    private static Object[] textValues(Object[] values) {
        Object[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            if (v[i] instanceof GeoJsonWriter.RawJson j) v[i] = j.json();
        }
        return v;
    }

    /** A copy of {@code g} in the export system (the same object when the system is lon/lat). */
    static Geometry project(Geometry g, ExportCrs.Projector projector) {
        if (g == null || projector.identity()) return g;
        PointTransform transform = projector::project;
        return transform.applyTo(g);
    }

    private void geojson(Plan plan, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        GeoJsonWriter.FeatureCollectionWriter fc = new GeoJsonWriter.FeatureCollectionWriter(w).begin();
        List<DbfField> columns = plan.layer().columns();
        rows(plan, r -> {
            Map<String, Object> props = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) props.put(columns.get(i).property(), r.values()[i]);
            fc.feature(r.values()[0], r.geometry(), props);
        });
        fc.end(Map.of("crs", Map.of("type", "name", "properties", Map.of("name", crsUrn(plan.crs())))));
        w.flush();
    }

    private static String crsUrn(ExportCrs crs) {
        return crs.epsg() == 4326 ? "urn:ogc:def:crs:OGC:1.3:CRS84" : "urn:ogc:def:crs:EPSG::" + crs.epsg();
    }

    private void csv(Plan plan, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        List<String> properties = plan.layer().columns().stream().map(DbfField::property).toList();
        CsvExportWriter csv = new CsvExportWriter(w, properties,
                plan.layer().shapeType() == ShapefileWriter.ShapeType.POINT, plan.crs().geographic());
        ExportCrs.Projector projector = plan.crs().projector();
        rows(plan, r -> {
            try {
                csv.row(textValues(r.values()), project(r.geometry(), projector));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        w.flush();
    }

    private void kml(Plan plan, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        List<String> properties = plan.layer().columns().stream().map(DbfField::property).toList();
        KmlExportWriter kml = new KmlExportWriter(w, plan.layer().key(), properties);
        rows(plan, r -> {
            try {
                kml.placemark(textValues(r.values()), r.geometry());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        kml.end();
        w.flush();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless; the export itself succeeded or failed already.
        }
    }

    static ApiProblem problem(ExchangeFormatException e) {
        int status = e.messageKey().endsWith("tooLarge") || e.messageKey().endsWith("tooMany") ? 413 : 400;
        return new ApiProblem(status, e.messageKey(), e.getMessage(), e.arguments());
    }
}
