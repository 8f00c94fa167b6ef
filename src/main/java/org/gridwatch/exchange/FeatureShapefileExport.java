package org.gridwatch.exchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.gridwatch.feature.FeatureScan;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The features layer as a zipped point shapefile, fast: rows come from {@link FeatureScan} (a cursor,
 * raw column values, no object per row), go into a {@link CompactPointShapefile} (text columns as wide
 * as the data), and are zipped STORED by default ({@code gridwatch.exchange.shapefile-zip-level=0}): at
 * a million features, deflating even at the fastest level took longer than reading them from the
 * database (see the README's benchmark section). The {@code .prj} and {@code .cpg} are sent at once;
 * {@code fields.txt} (which states the final widths) follows when the rows have been read.
 */
@Component
class FeatureShapefileExport {

    private static final int SECONDS_PER_DAY = 86_400;
    private static final int CHINA_OFFSET_SECONDS = 8 * 3600;

    private final FeatureScan scan;
    private final int zipLevel;

    FeatureShapefileExport(FeatureScan scan, @Value("${gridwatch.exchange.shapefile-zip-level:0}") int zipLevel) {
        if (zipLevel < 0 || zipLevel > 9) {
            throw new IllegalArgumentException("gridwatch.exchange.shapefile-zip-level must be 0 (stored) to 9");
        }
        this.scan = scan;
        this.zipLevel = zipLevel;
    }

    /**
     * Refuses (before anything is sent) an export whose .shp or .dbf would pass the plan's size limit.
     * The count alone settles it for anything but the largest exports; only near the limit are the text
     * columns measured (one more pass over the table) for the exact .dbf size.
     */
    void checkSize(ExportService.Plan plan, long count) {
        List<DbfField> columns = plan.layer().columns();
        long shpBytes = 100 + 28 * count;
        long header = 32 + 32L * columns.size() + 1 + 1;
        long widest = 1;
        for (DbfField f : columns) widest += f.type() == 'C' ? 254 : f.type() == 'N' ? Math.max(20, f.length()) : f.length();
        if (shpBytes <= plan.maxShapefileBytes() && header + count * widest <= plan.maxShapefileBytes()) return;
        long dbfBytes = header + count;
        if (shpBytes <= plan.maxShapefileBytes()) {
            FeatureScan.Extent extent = scan.extent(plan.filter());
            long record = 1;
            for (DbfField f : columns) {
                FeatureScan.Text text = textColumn(f.property());
                // UTF-8 is the widest encoding here: GBK never needs more bytes for the same text.
                record += f.type() == 'C' ? Math.max(1, Math.min(254, text == null ? 254 : extent.maxUtf8Bytes()[text.ordinal()]))
                        : f.type() == 'N' ? Math.max(20, f.length()) : f.length();
            }
            dbfBytes = header + extent.count() * record;
            count = extent.count();
        }
        if (shpBytes > plan.maxShapefileBytes() || dbfBytes > plan.maxShapefileBytes()) {
            throw new ExchangeFormatException("exchange.shapefile.tooLarge", "the shapefile would pass the 2 GB limit of "
                    + "the format (" + count + " features); export fewer features (by type or area) or use GeoJSON/CSV", count);
        }
    }

    private static FeatureScan.Text textColumn(String property) {
        return switch (property) {
            case "type" -> FeatureScan.Text.TYPE;
            case "name" -> FeatureScan.Text.NAME;
            case "code" -> FeatureScan.Text.CODE;
            case "address" -> FeatureScan.Text.ADDRESS;
            case "status" -> FeatureScan.Text.STATUS;
            case "gridCode" -> FeatureScan.Text.GRID_CODE;
            case "attributes" -> FeatureScan.Text.ATTRIBUTES;
            default -> null;
        };
    }

    /** One column's value from a scanned row into the shapefile. */
    private interface Column {
        void put(FeatureScan.Row row, CompactPointShapefile out) throws SQLException;
    }

    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

    private static Column column(DbfField f) {
        FeatureScan.Text text = textColumn(f.property());
        if (text == FeatureScan.Text.ATTRIBUTES) {
            return (row, out) -> {
                byte[] b = row.utf8(text);
                out.textUtf8(b == null ? EMPTY_OBJECT : b);
            };
        }
        if (text != null) return (row, out) -> out.textUtf8(row.utf8(text));
        return switch (f.property()) {
            case "id" -> (row, out) -> out.integer(row.id());
            case "version" -> (row, out) -> out.integer(row.version());
            case "createdAt" -> (row, out) -> out.epochDay(chinaDay(row.createdAtEpochSecond()));
            case "updatedAt" -> (row, out) -> out.epochDay(chinaDay(row.updatedAtEpochSecond()));
            default -> throw new IllegalStateException("no feature column for property " + f.property());
        };
    }

    /** The calendar day in China Standard Time of an instant, as days since 1970-01-01. */
    static int chinaDay(long epochSecond) {
        return (int) Math.floorDiv(epochSecond + CHINA_OFFSET_SECONDS, SECONDS_PER_DAY);
    }

    /** Writes the whole zip to {@code out} (finished, not closed). */
    void write(ExportService.Plan plan, OutputStream out) throws IOException {
        ExchangeLayer layer = plan.layer();
        String base = layer.key();
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        entry(zip, base + ".prj", plan.crs().esriWkt().getBytes(StandardCharsets.US_ASCII));
        entry(zip, base + ".cpg", ShapefileWriter.cpgName(plan.charset()).getBytes(StandardCharsets.US_ASCII));
        zip.flush();
        out.flush();
        List<DbfField> declared = layer.columns();
        Column[] columns = declared.stream().map(FeatureShapefileExport::column).toArray(Column[]::new);
        ExportCrs.Projector projector = plan.crs().projector();
        boolean identity = projector.identity();
        double[] xy = new double[2];
        Path dir = Files.createTempDirectory("gridwatch-export-");
        try (CompactPointShapefile shp = new CompactPointShapefile(dir, declared, plan.charset(),
                LocalDate.now(ExportService.CHINA), plan.maxShapefileBytes())) {
            scan.forEach(plan.filter(), row -> {
                double x = row.lon(), y = row.lat();
                if (identity) {
                    shp.point(x, y);
                } else {
                    projector.project(x, y, xy);
                    shp.point(xy[0], xy[1]);
                }
                for (Column c : columns) c.put(row, shp);
            });
            List<DbfField> sized = shp.finish();
            entry(zip, "fields.txt", DbfFieldNames.mappingText(sized, plan.charset().name(),
                    plan.crs().code() + " " + plan.crs().name()).getBytes(StandardCharsets.UTF_8));
            shp.writeTo(zip, base, zipLevel);
            zip.finish();
        } finally {
            ExportService.deleteTree(dir);
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
