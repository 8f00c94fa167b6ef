package org.gridwatch.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.gridwatch.feature.FeatureBulkLoader;
import org.gridwatch.geo.PointTransform;
import org.gridwatch.geo.GeoJsonFeature;
import org.gridwatch.geo.GeoJsonFormatException;
import org.gridwatch.geo.GeoJsonStream;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.grid.GridDraft;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.outline.OutlineService;
import org.gridwatch.street.StreetService;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Geometry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

/**
 * Imports a zipped shapefile or a GeoJSON file of grids or features: reads it (reprojecting to WGS84 from
 * the .prj or the given {@code crs}, decoding text by the .cpg or the given encoding), maps fields to the
 * API's properties, and checks and stores every record by the API's rules — features as one stream
 * through {@link FeatureBulkLoader} (COPY on PostGIS), grids through {@link GridService} — in one
 * transaction: all records or none. A refusal lists the bad records by their 0-based {@code index} and
 * 1-based {@code row} in the file, each said in the caller's language.
 * {@code dryRun} checks the same way and stores nothing, answering with a preview instead.
 */
@Service
public class ImportService {

    static final int MAX_REPORTED = 50;

    private final FeatureBulkLoader loader;
    private final GridService grids;
    private final StreetService streets;
    private final OutlineService outline;
    private final TransactionTemplate tx;
    private final MessageSource messages;
    private final long maxUnpackedBytes;
    private final int maxRecords;
    private final Duration maxSqliteWork;
    private final int maxZipRatio;

    ImportService(FeatureBulkLoader loader, GridService grids, StreetService streets, OutlineService outline,
                  PlatformTransactionManager transactions, MessageSource messages,
                  @Value("${gridwatch.exchange.max-unpacked-bytes:1073741824}") long maxUnpackedBytes,
                  @Value("${gridwatch.exchange.max-records:1000000}") int maxRecords,
                  @Value("${gridwatch.exchange.max-sqlite-work:PT2M}") Duration maxSqliteWork,
                  @Value("${gridwatch.exchange.max-zip-ratio:100}") int maxZipRatio) {
        this.loader = loader;
        this.grids = grids;
        this.streets = streets;
        this.outline = outline;
        this.tx = new TransactionTemplate(transactions);
        this.messages = messages;
        this.maxUnpackedBytes = maxUnpackedBytes;
        this.maxRecords = maxRecords;
        this.maxSqliteWork = maxSqliteWork;
        this.maxZipRatio = maxZipRatio;
    }

    /** One record of the file, geometry already in WGS84, attributes by field name. */
    record InRecord(int index, Geometry geometry, Map<String, Object> fields) {
    }

    /**
     * A refused record: {@code index} is 0-based (the API's field, as before), {@code row} the 1-based
     * number people count by; the detail is said in the language of the request (or of the job's
     * submitter), never in a library's words.
     */
    private record Problem(int index, String code, String detail, Object[] arguments) {
        Problem(int index, String code, String detail) {
            this(index, code, detail, new Object[0]);
        }

        String localized(MessageSource messages) {
            return messages.getMessage(code, arguments, detail, LocaleContextHolder.getLocale());
        }

        Map<String, Object> json(MessageSource messages) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", index);
            m.put("row", index + 1);
            m.put("code", code);
            m.put("detail", localized(messages));
            return m;
        }
    }

    /** The opened input: how to stream its records and what was detected. */
    record Source(String kind, int count, String crs, String encoding, String geometryType, List<String> fields,
                          Consumer<Consumer<InRecord>> records) {
    }

    /**
     * @param fileName the uploaded file's name: {@code .zip} (a shapefile, or a GeoJSON file inside) or
     *                 {@code .geojson}/{@code .json}
     * @param mapping  {@code FIELD:property,...} overriding the default field names, or null
     * @param type     the feature type for records that carry none, or null
     */
    public Map<String, Object> importFile(String layerText, String fileName, InputStream upload, String crsText,
                                          String encoding, String mapping, String type, boolean dryRun) {
        return importFile(layerText, fileName, upload, crsText, encoding, mapping, type, dryRun, StreetArea.Request.APPEND);
    }

    /**
     * The area a street import with these parameters replaces (null: none), or the 400 that refuses them:
     * checked before anything is read, by the direct import and when an import job is submitted.
     */
    Geometry replaceArea(ExchangeLayer layer, StreetArea.Request replace) {
        return StreetArea.resolve(layer, replace, outline::districtOutline);
    }

    /**
     * As above; for streets, {@code mode=replace} with a {@code bbox} (minLon,minLat,maxLon,maxLat) or
     * {@code area=district} (the district outline) also deletes the stored streets lying within that area
     * which the file does not hold again. Either mode recognises streets already stored with the same
     * centreline instead of doubling them.
     */
    Map<String, Object> importFile(String layerText, String fileName, InputStream upload, String crsText,
                                   String encoding, String mapping, String type, boolean dryRun,
                                   StreetArea.Request replace) {
        Path dir = null;
        try {
            ExchangeLayer layer = ExchangeLayer.parse(layerText);
            if (layer.analysis()) {
                throw ApiProblem.badRequest("exchange.import.layerUnsupported",
                        layer.key() + " is computed and cannot be imported; import large_grids, small_grids, streets "
                                + "or features", layer.key());
            }
            Geometry replaceArea = replaceArea(layer, replace);
            SourceCrs crs = crsText == null || crsText.isBlank() ? null : SourceCrs.parse(crsText);
            dir = Files.createTempDirectory("gridwatch-import-");
            Source source = open(fileName == null ? "" : fileName, upload, dir, crs, encoding);
            Map<String, String> fieldMap = fieldMap(layer, source.fields(), mapping);
            Result result = tx.execute(status -> {
                Result r = store(layer, source, fieldMap, type, dryRun, replaceArea);
                JobProgress.checkCancelled();
                if (dryRun || r.invalid > 0) status.setRollbackOnly();
                return r;
            });
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("layer", layer.key());
            body.put("format", source.kind());
            body.put("count", source.count());
            body.put("crs", source.crs());
            body.put("encoding", source.encoding());
            body.put("geometryType", source.geometryType());
            body.put("mapping", fieldMap);
            if (result.streets != null) body.put("streets", result.streets);
            if (dryRun) {
                body.put("dryRun", true);
                body.put("invalidCount", result.invalid);
                body.put("problems", result.problems.stream().map(p -> p.json(messages)).toList());
                return body;
            }
            if (result.invalid > 0) {
                Problem first = result.problems.get(0);
                String firstDetail = first.localized(messages);
                throw ApiProblem.badRequest("exchange.import.rejected",
                        result.invalid + " of " + source.count() + " records are invalid, nothing was stored; first at record "
                                + (first.index() + 1) + ": " + first.detail(),
                        result.invalid, source.count(), first.index() + 1, firstDetail)
                        .with("invalidCount", result.invalid)
                        .with("errors", result.problems.stream().map(p -> p.json(messages)).toList());
            }
            body.put("stored", result.stored);
            return body;
        } catch (ExchangeFormatException e) {
            throw ExportService.problem(e);
        } catch (GeoJsonFormatException e) {
            throw ApiProblem.badRequest(e.messageKey(), e.getMessage(), e.arguments());
        } catch (IOException | java.io.UncheckedIOException e) {
            // The cause's text is the library's or the system's: logged, not answered.
            org.slf4j.LoggerFactory.getLogger(ImportService.class).debug("import upload unreadable", e);
            throw ApiProblem.badRequest("exchange.import.unreadable", "the upload could not be read");
        } finally {
            if (dir != null) ExportService.deleteTree(dir);
        }
    }

    private Source open(String fileName, InputStream upload, Path dir, SourceCrs crs, String encoding) throws IOException {
        String lower = fileName.toLowerCase(Locale.ROOT);
        Source more = ImportSources.open(lower, upload, dir, crs, encoding, maxUnpackedBytes, maxRecords, maxSqliteWork);
        if (more != null) return more;
        Path geojson = null;
        Path shp = null;
        if (lower.endsWith(".zip")) {
            List<Path> files = SafeZip.extract(upload, dir, maxUnpackedBytes, 64, maxZipRatio);
            List<Path> shps = files.stream().filter(p -> ext(p).equals("shp")).toList();
            List<Path> jsons = files.stream().filter(p -> ext(p).equals("geojson") || ext(p).equals("json")).toList();
            if (shps.size() + jsons.size() != 1) {
                throw new ExchangeFormatException("exchange.zip.notOneLayer",
                        "the zip must hold exactly one .shp (with its .shx and .dbf) or one .geojson; it holds "
                                + shps.size() + " and " + jsons.size(), shps.size(), jsons.size());
            }
            if (!shps.isEmpty()) shp = shps.get(0);
            else geojson = jsons.get(0);
        } else if (lower.endsWith(".geojson") || lower.endsWith(".json")) {
            geojson = dir.resolve("upload.geojson");
            copyLimited(upload, geojson);
        } else {
            throw new ExchangeFormatException("exchange.import.formatUnknown",
                    "upload a .zip with a shapefile, or a .geojson, .gpkg, .csv or .kml file (got '" + fileName + "')", fileName);
        }
        if (shp != null) {
            String base = shp.getFileName().toString();
            base = base.substring(0, base.length() - 4);
            ShapefileReader reader = ShapefileReader.open(shp, sibling(dir, base, "shx"), sibling(dir, base, "dbf"),
                    sibling(dir, base, "prj"), sibling(dir, base, "cpg"), crs, encoding,
                    new ShapefileReader.Limits(maxUnpackedBytes, maxUnpackedBytes, maxRecords));
            // Every record decoded once before the import's transaction (and so before the embedded
            // store's write lock): a file that breaks the reader is refused while nothing is held.
            reader.forEach(r -> JobProgress.checkCancelled());
            return new Source("shapefile", reader.count(), reader.crsDescription(), reader.encoding(),
                    reader.geometryTypeName(), reader.columns().stream().map(ShapefileReader.Column::name).toList(),
                    sink -> reader.forEach(r -> sink.accept(new InRecord(r.index(), r.geometry(), r.attributes()))));
        }
        Path file = geojson;
        SourceCrs effective = crs == null ? SourceCrs.wgs84() : crs;
        int[] count = {0};
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            GeoJsonStream.forEachFeature(in, node -> {
                if (++count[0] > maxRecords) {
                    throw new ExchangeFormatException("exchange.import.tooManyRecords",
                            "the file has more than " + maxRecords + " records", count[0], maxRecords);
                }
                if (count[0] == 1 && node.path("properties").isObject()) {
                    node.path("properties").propertyNames().forEach(names::add);
                }
            });
        }
        return new Source("geojson", count[0], effective.description(), "UTF-8", "GeoJSON", names, sink -> {
            int[] index = {0};
            try (InputStream in = Files.newInputStream(file)) {
                GeoJsonStream.forEachFeature(in, node -> {
                    int i = index[0]++;
                    GeoJsonFeature f;
                    try {
                        f = GeoJsonFeature.of(node);
                    } catch (GeoJsonFormatException e) {
                        sink.accept(new InRecord(i, null, Map.of(ImportSources.ERROR,
                                new ImportSources.RecordError(e.messageKey(), e.getMessage(), e.arguments()))));
                        return;
                    }
                    Map<String, Object> fields = new LinkedHashMap<>();
                    f.properties().properties().forEach(e -> fields.put(e.getKey(), plain(e.getValue())));
                    sink.accept(new InRecord(i, reproject(f.geometry(), effective), fields));
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Object plain(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isObject() || v.isArray()) return new GeoJsonWriter.RawJson(v.toString());
        if (v.isBoolean()) return v.booleanValue();
        if (v.isIntegralNumber()) return v.longValue();
        if (v.isNumber()) return v.doubleValue();
        return v.asString();
    }

    private static Geometry reproject(Geometry g, SourceCrs crs) {
        if (g == null || crs.description().equals("EPSG:4326")) return g;
        PointTransform toWgs84 = crs::toWgs84;
        return toWgs84.applyTo(g);
    }

    private void copyLimited(InputStream in, Path target) throws IOException {
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxUnpackedBytes) {
                    throw new ExchangeFormatException("exchange.import.tooLarge",
                            "the file is larger than the import limit (" + maxUnpackedBytes / (1024 * 1024) + " MB)",
                            maxUnpackedBytes / (1024 * 1024));
                }
                out.write(buf, 0, n);
            }
        }
    }

    private static Path sibling(Path dir, String base, String ext) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().equalsIgnoreCase(base + "." + ext)).findFirst()
                    .orElse(dir.resolve(base + "." + ext));
        }
    }

    private static String ext(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Properties an import fills, with the field names (any case) taken for each by default. */
    private static Map<String, List<String>> aliases(ExchangeLayer layer) {
        Map<String, List<String>> a = new LinkedHashMap<>();
        if (layer == ExchangeLayer.STREETS) {
            a.put("name", List.of("name", "名称", "道路名称", "街道名称"));
            a.put("class", List.of("class", "street_class", "streetClass", "fclass", "highway", "道路等级", "等级"));
            a.put("oneway", List.of("oneway", "one_way", "单行", "单行道"));
            return a;
        }
        if (layer == ExchangeLayer.DISTRICT_OUTLINE) {
            a.put("name", List.of("name", "名称", "街道名称", "辖区名称"));
            return a;
        }
        if (layer == ExchangeLayer.FEATURES) {
            a.put("type", List.of("type", "类型"));
            a.put("name", List.of("name", "名称"));
            a.put("code", List.of("code", "编码", "编号"));
            a.put("address", List.of("address", "地址"));
            a.put("status", List.of("status", "状态"));
            a.put("attributes", List.of("attributes"));
            a.put("createdAt", List.of("createdAt", "created_at"));
        } else {
            a.put("code", List.of("code", "编码", "网格编码"));
            a.put("name", List.of("name", "名称", "网格名称"));
            a.put("parentCode", List.of("parentCode", "parent_code", "所属大网格", "上级编码"));
            a.put("responsiblePerson", List.of("responsiblePerson", "responsibl", "responsible_person", "责任人", "网格员"));
            a.put("phone", List.of("phone", "电话", "联系电话"));
        }
        return a;
    }

    /** Server-managed properties an export writes and an import ignores. */
    private static final List<String> IGNORED = List.of("id", "gridcode", "updatedat", "version", "level", "aream2",
            "createdat", "updatedAt");

    /** Field name → property: the explicit mapping first, then the aliases; unmapped fields become attributes. */
    static Map<String, String> fieldMap(ExchangeLayer layer, List<String> fields, String mapping) {
        Map<String, String> result = new LinkedHashMap<>();
        Map<String, List<String>> aliases = aliases(layer);
        Map<String, String> explicit = new LinkedHashMap<>();
        if (mapping != null && !mapping.isBlank()) {
            for (String pair : mapping.split(",")) {
                String[] kv = pair.split(":", 2);
                if (kv.length != 2 || !aliases.containsKey(kv[1].trim())) {
                    throw new ExchangeFormatException("exchange.mapping.invalid",
                            "mapping must be FIELD:property pairs with properties among " + aliases.keySet() + "; got '"
                                    + pair.trim() + "'", pair.trim(), String.join(", ", aliases.keySet()));
                }
                explicit.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());
            }
        }
        for (String field : fields) {
            String lower = field.toLowerCase(Locale.ROOT);
            String property = explicit.get(lower);
            if (property == null) {
                for (Map.Entry<String, List<String>> e : aliases.entrySet()) {
                    if (e.getValue().stream().anyMatch(alias -> alias.equalsIgnoreCase(field))
                            && !result.containsValue(e.getKey())) {
                        property = e.getKey();
                        break;
                    }
                }
            }
            if (property != null) {
                result.put(field, property);
            } else if (layer == ExchangeLayer.FEATURES && !IGNORED.contains(lower)) {
                result.put(field, "attributes." + field);
            }
        }
        return result;
    }

    private static final class Result {
        int stored;
        int invalid;
        Map<String, Integer> streets;
        final List<Problem> problems = new ArrayList<>();

        void add(Problem p) {
            invalid++;
            if (problems.size() < MAX_REPORTED) problems.add(p);
        }
    }

    private Result store(ExchangeLayer layer, Source counted, Map<String, String> fieldMap, String defaultType,
                         boolean dryRun, Geometry replaceArea) {
        JobProgress.total(counted.count());
        Source source = new Source(counted.kind(), counted.count(), counted.crs(), counted.encoding(),
                counted.geometryType(), counted.fields(), sink -> counted.records().accept(JobProgress.counting(sink)));
        Result result = new Result();
        if (layer == ExchangeLayer.FEATURES) {
            // The fast path: records become drafts directly and are checked and stored as a stream (COPY on PostGIS).
            try (FeatureBulkLoader.Load load = loader.begin(!dryRun, MAX_REPORTED, source.count())) {
                source.records().accept(r -> {
                    if (r.fields().containsKey(ImportSources.ERROR)) {
                        ImportSources.RecordError err = ImportSources.errorOf(r.fields().get(ImportSources.ERROR));
                        load.refuse(r.index(), err.key(), err.english(), err.arguments());
                        return;
                    }
                    try {
                        load.add(r.index(), FeatureRecords.draft(r.geometry(), r.fields(), fieldMap, defaultType));
                    } catch (GeoJsonFormatException e) {
                        load.refuse(r.index(), e.messageKey(), e.getMessage());
                    }
                });
                FeatureBulkLoader.Result loaded = load.finish();
                result.stored = loaded.stored();
                result.invalid = loaded.invalid();
                loaded.problems().forEach(p -> result.problems.add(new Problem(p.index(), p.code(), p.detail(), p.arguments())));
            }
        } else if (layer == ExchangeLayer.DISTRICT_OUTLINE) {
            OutlineImport.store(outline, source, fieldMap, (index, code, detail, arguments) ->
                    result.add(new Problem(index, code, detail, arguments)), () -> result.stored++);
        } else if (layer == ExchangeLayer.STREETS) {
            StreetService.ImportSession session = streets.beginImport(replaceArea);
            StreetImport.store(session, source.records(), fieldMap, (index, code, detail, arguments) ->
                    result.add(new Problem(index, code, detail, arguments)), () -> result.stored++);
            result.streets = session.finish();
        } else {
            GridLevel level = layer == ExchangeLayer.LARGE_GRIDS ? GridLevel.LARGE : GridLevel.SMALL;
            source.records().accept(r -> {
                Map<String, Object> p = new LinkedHashMap<>();
                fieldMap.forEach((field, property) -> p.put(property, r.fields().get(field)));
                if (r.fields().containsKey(ImportSources.ERROR)) {
                    ImportSources.RecordError err = ImportSources.errorOf(r.fields().get(ImportSources.ERROR));
                    result.add(new Problem(r.index(), err.key(), err.english(), err.arguments()));
                    return;
                }
                GridDraft draft = new GridDraft(text(p.get("code")), text(p.get("name")), level,
                        level == GridLevel.SMALL ? text(p.get("parentCode")) : null, text(p.get("responsiblePerson")),
                        text(p.get("phone")), r.geometry(), null);
                try {
                    grids.create(draft);
                    result.stored++;
                } catch (ApiProblem e) {
                    result.add(new Problem(r.index(), e.messageKey(), e.getMessage(), e.arguments()));
                } catch (GeoJsonFormatException e) {
                    result.add(new Problem(r.index(), e.messageKey(), e.getMessage(), e.arguments()));
                }
            });
        }
        return result;
    }

    private static String text(Object v) {
        if (v == null) return null;
        return v instanceof GeoJsonWriter.RawJson j ? j.json() : v.toString();
    }
}
