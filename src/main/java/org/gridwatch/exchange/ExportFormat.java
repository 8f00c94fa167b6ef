package org.gridwatch.exchange;

import java.util.Locale;

/** The export formats, with their media type and file extension. */
public enum ExportFormat {
    SHAPEFILE("application/zip", "zip"),
    GEOJSON("application/geo+json", "geojson"),
    CSV("text/csv;charset=UTF-8", "csv"),
    KML("application/vnd.google-earth.kml+xml", "kml"),
    GEOPACKAGE("application/geopackage+sqlite3", "gpkg");

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    public static ExportFormat parse(String text) {
        String t = text == null || text.isBlank() ? "shapefile" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "shapefile", "shp", "zip" -> SHAPEFILE;
            case "geojson", "json" -> GEOJSON;
            case "csv" -> CSV;
            case "kml" -> KML;
            case "geopackage", "gpkg" -> GEOPACKAGE;
            default -> throw new ExchangeFormatException("exchange.format.unknown",
                    "unknown format '" + text + "'; use shapefile, geojson, csv, kml or geopackage", text);
        };
    }
}
