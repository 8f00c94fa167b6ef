package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.gridwatch.geo.GeometryFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;

/** The pure readers and the GeoPackage writer, without Spring: small files written here, read back. */
class ImportReadersTest {

    @TempDir
    Path dir;

    @Test
    void csvQuotedFieldsLineBreaksAndGbk() throws Exception {
        Path f = dir.resolve("a.csv");
        Files.write(f, "名称,x,y\r\n\"多行\n名称, 含逗号\",114.5,22.5\r\n\r\n空坐标,,\r\n".getBytes(Charset.forName("GBK")));
        CsvReader r = CsvReader.open(f, "GBK", null, 10);
        assertThat(r.count()).as("the blank line is no record").isEqualTo(2);
        assertThat(r.columns()).containsExactly("名称");
        List<CsvReader.Record> records = new ArrayList<>();
        r.forEach(records::add);
        assertThat(records.get(0).attributes().get("名称")).isEqualTo("多行\n名称, 含逗号");
        assertThat(records.get(0).geometry().getCoordinate().x).isEqualTo(114.5);
        assertThat(records.get(1).geometry()).as("empty coordinates are no geometry").isNull();
        assertThat(records.get(1).error()).isNull();
    }

    @Test
    void csvRecordLimitAndProjectedCoordinates() throws Exception {
        Path f = dir.resolve("b.csv");
        Files.writeString(f, "x,y\n500000,2489000\n500100,2489000\n");
        assertThatThrownBy(() -> CsvReader.open(f, null, null, 1)).isInstanceOf(ExchangeFormatException.class)
                .extracting(e -> ((ExchangeFormatException) e).messageKey()).isEqualTo("exchange.import.tooManyRecords");
        CsvReader r = CsvReader.open(f, null, SourceCrs.parse("EPSG:4547"), 10);
        List<CsvReader.Record> records = new ArrayList<>();
        r.forEach(records::add);
        // On the central meridian 114°E, x = 500 km; 2,489 km north is about 22.49°N.
        assertThat(records.get(0).geometry().getCoordinate().x).isCloseTo(114.0, within(1e-9));
        assertThat(records.get(0).geometry().getCoordinate().y).isCloseTo(22.49, within(0.01));
    }

    @Test
    void kmlMultiGeometryAndSchemaData() throws Exception {
        Path f = dir.resolve("a.kml");
        Files.writeString(f, "<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><name>x</name><Placemark><name>两点</name>"
                + "<ExtendedData><SchemaData schemaUrl=\"#s\"><SimpleData name=\"code\">C-1</SimpleData></SchemaData>"
                + "</ExtendedData><MultiGeometry><Point><coordinates>114.1,22.1</coordinates></Point><Point>"
                + "<coordinates>114.2,22.2,5</coordinates></Point></MultiGeometry></Placemark></Document></kml>",
                StandardCharsets.UTF_8);
        KmlReader r = KmlReader.open(f, null, 10);
        assertThat(r.count()).isEqualTo(1);
        assertThat(r.columns()).containsExactly("name", "code");
        List<KmlReader.Record> records = new ArrayList<>();
        r.forEach(records::add);
        assertThat(records.get(0).geometry().getGeometryType()).isEqualTo("MultiPoint");
        assertThat(records.get(0).attributes().get("code")).isEqualTo("C-1");
    }

    @Test
    void kmlNestingIsBounded() throws Exception {
        Path f = dir.resolve("deep.kml");
        Files.writeString(f, "<kml>" + "<Folder>".repeat(100) + "</Folder>".repeat(100) + "</kml>");
        assertThatThrownBy(() -> KmlReader.open(f, null, 10)).isInstanceOf(ExchangeFormatException.class)
                .hasMessageContaining("nest deeper");
    }

    @Test
    void geoPackageWrittenHereReadsBackWithItsSystemAndValues() throws Exception {
        Path f = dir.resolve("g.gpkg");
        List<DbfField> columns = DbfFieldNames.assign(List.of(DbfField.text("name", 40), DbfField.integer("n", 6),
                DbfField.date("createdAt")));
        ExportCrs gk = ExportCrs.gaussKruger(4547);
        double[] xy = new double[2];
        gk.projector().project(114.01, 22.5, xy);
        try (GeoPackageWriter w = new GeoPackageWriter(f, "pts", mil.nga.sf.GeometryType.POINT, columns, gk)) {
            w.write(GeometryFactories.WGS84.createPoint(new Coordinate(xy[0], xy[1])),
                    new Object[]{"中文名", 7, Instant.parse("2026-05-01T02:03:04.5Z")});
            w.write(null, new Object[]{null, null, null});
        }
        try (GeoPackageReader r = GeoPackageReader.open(f, null, 10)) {
            assertThat(r.count()).isEqualTo(2);
            assertThat(r.crsDescription()).isEqualTo("EPSG:4547");
            assertThat(r.columns()).containsExactly("name", "n", "createdAt");
            List<GeoPackageReader.Record> records = new ArrayList<>();
            r.forEach(records::add);
            assertThat(records.get(0).geometry().getCoordinate().x).isCloseTo(114.01, within(1e-9));
            assertThat(records.get(0).geometry().getCoordinate().y).isCloseTo(22.5, within(1e-9));
            assertThat(records.get(0).attributes()).containsEntry("name", "中文名").containsEntry("n", 7)
                    .containsEntry("createdAt", "2026-05-01T02:03:04.500Z");
            assertThat(records.get(1).geometry()).isNull();
        }
    }

    @Test
    void aGeoPackageWithTwoTablesIsRefused() throws Exception {
        Path f = dir.resolve("two.gpkg");
        try (GeoPackageWriter w = new GeoPackageWriter(f, "a", mil.nga.sf.GeometryType.POINT, List.of(), ExportCrs.WGS84)) {
            w.write(GeometryFactories.WGS84.createPoint(new Coordinate(1, 2)), new Object[0]);
        }
        try (var gpkg = mil.nga.geopackage.GeoPackageManager.open(f.toFile(), true)) {
            var gc = new mil.nga.geopackage.features.columns.GeometryColumns();
            gc.setId(new mil.nga.geopackage.db.TableColumnKey("b", "geom"));
            gc.setGeometryType(mil.nga.sf.GeometryType.POINT);
            gc.setZ((byte) 0);
            gc.setM((byte) 0);
            gc.setSrsId(4326);
            gpkg.createFeatureTable(mil.nga.geopackage.features.user.FeatureTableMetadata.create(gc));
        }
        assertThatThrownBy(() -> GeoPackageReader.open(f, null, 10)).isInstanceOf(ExchangeFormatException.class)
                .extracting(e -> ((ExchangeFormatException) e).messageKey()).isEqualTo("exchange.geopackage.notOneLayer");
    }
}
