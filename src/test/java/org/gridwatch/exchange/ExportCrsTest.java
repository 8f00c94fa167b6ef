package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export coordinate systems against the published EPSG definitions. */
class ExportCrsTest {

    /** Projected coordinates agree with PROJ's to this many metres. */
    private static final double TOLERANCE_METERS = 0.01;

    @TempDir
    Path dir;

    /**
     * Expected values: PROJ 9.1 {@code cs2cs EPSG:4326 EPSG:4547} / {@code EPSG:4548}, i.e. the EPSG
     * dataset's definitions (transverse Mercator, CM 114°E / 117°E, k 1, FE 500 000 m, GRS80/CGCS2000).
     */
    @Test
    void gaussKrugerMatchesTheEpsgDefinitionAtKnownPoints() {
        check(ExportCrs.gaussKruger(4547), 114.05, 22.55, 505142.9619, 2494705.0429);
        check(ExportCrs.gaussKruger(4548), 116.4, 40.0, 448763.5211, 4429701.4766);
        // On the central meridian the easting is the false easting exactly.
        check(ExportCrs.gaussKruger(4547), 114.0, 0.0, 500000.0, 0.0);
    }

    private static void check(ExportCrs crs, double lon, double lat, double east, double north) {
        double[] xy = new double[2];
        crs.projector().project(lon, lat, xy);
        assertThat(xy[0]).as("easting of %s,%s in %s", lon, lat, crs.code()).isCloseTo(east, within(TOLERANCE_METERS));
        assertThat(xy[1]).as("northing of %s,%s in %s", lon, lat, crs.code()).isCloseTo(north, within(TOLERANCE_METERS));
    }

    @Test
    void zoneFollowsTheLongitudeOfTheData() {
        assertThat(ExportCrs.gaussKrugerFor(114.05).epsg()).isEqualTo(4547);
        assertThat(ExportCrs.gaussKrugerFor(112.49).epsg()).isEqualTo(4546);
        assertThat(ExportCrs.gaussKrugerFor(112.5).epsg()).as("a zone edge goes east").isEqualTo(4547);
        assertThat(ExportCrs.gaussKrugerFor(75.2).epsg()).isEqualTo(4534);
        assertThat(ExportCrs.gaussKrugerFor(135.0).epsg()).isEqualTo(4554);
        assertThat(ExportCrs.parse("gk", 121.47).centralMeridian()).isEqualTo(120.0);
        assertThat(ExportCrs.parse("EPSG:4490", 0).geographic()).isTrue();
        assertThat(ExportCrs.parse(null, 0)).isEqualTo(ExportCrs.WGS84);
    }

    @Test
    void unknownCodesAreRefusedByName() {
        assertThatThrownBy(() -> ExportCrs.parse("EPSG:3857", 114))
                .isInstanceOf(ExchangeFormatException.class).hasMessageContaining("EPSG:3857");
        assertThatThrownBy(() -> ExportCrs.parse("EPSG:4555", 114)).isInstanceOf(ExchangeFormatException.class);
        assertThatThrownBy(() -> ExportCrs.parse("mercator", 114)).isInstanceOf(ExchangeFormatException.class);
    }

    /** GDAL reads the .prj as the EPSG system (so QGIS, which uses GDAL, places the layer where it belongs). */
    @Test
    void prjIsRecognisedByGdalAsTheEpsgCode() throws Exception {
        Gdal.assumeAvailable();
        ExportCrs crs = ExportCrs.gaussKruger(4547);
        double[] xy = new double[2];
        crs.projector().project(114.05, 22.55, xy);
        try (ShapefileWriter w = new ShapefileWriter(dir, "gk", ShapefileWriter.ShapeType.POINT,
                DbfFieldNames.assign(List.of(DbfField.text("n", 4))), StandardCharsets.UTF_8, crs.esriWkt(),
                LocalDate.of(2026, 5, 1), ShapefileWriter.MAX_FILE_BYTES)) {
            w.writePoint(xy[0], xy[1], new Object[]{"a"});
        }
        assertThat(Files.readString(dir.resolve("gk.prj"))).startsWith("PROJCS[\"CGCS2000_3_Degree_GK_CM_114E\"");
        String info = Gdal.run("ogrinfo", "-al", "-so", dir.resolve("gk.shp").toString());
        assertThat(info).contains("CGCS2000 / 3-degree Gauss-Kruger CM 114E").contains("ID[\"EPSG\",4547]");
        // GDAL's own transformation of the written coordinates back to lon/lat lands on the original point.
        String back = Gdal.run("ogr2ogr", "-f", "CSV", "/vsistdout/", "-t_srs", "EPSG:4326", "-lco", "GEOMETRY=AS_XY",
                dir.resolve("gk.shp").toString());
        String[] row = back.strip().split("\n")[1].split(",");
        // EPSG:4326 in GDAL's CSV: X is longitude (traditional GIS order for AS_XY).
        assertThat(Double.parseDouble(row[0])).isCloseTo(114.05, within(1e-7));
        assertThat(Double.parseDouble(row[1])).isCloseTo(22.55, within(1e-7));
    }
}
