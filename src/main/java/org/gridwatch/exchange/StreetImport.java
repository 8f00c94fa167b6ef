package org.gridwatch.exchange;

import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gridwatch.geo.GeoJsonFormatException;
import org.gridwatch.street.StreetDraft;
import org.gridwatch.street.StreetService;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;

/**
 * The street branch of an import: each record becomes street segments through a
 * {@link StreetService.ImportSession}, inside the import's transaction, so a refused segment is listed
 * and, with the others, rolled back. A multi-part line (a road drawn as several pieces, common in
 * shapefiles of roads) becomes one street per part, each keeping the record's attributes. A street
 * already stored with the same centreline is recognised rather than doubled.
 *
 * <p>The one-way rule comes from a mapped {@code oneway} field or, in files GDAL's OSM driver made,
 * from {@code other_tags} ({@code "oneway"=>"yes"}, {@code "-1"}, {@code "junction"=>"roundabout"}).
 */
final class StreetImport {

    /** Receives a refused record. */
    interface Problems {
        void add(int index, String code, String detail, Object[] arguments);
    }

    private static final Pattern TAG = Pattern.compile("\"([^\"]+)\"=>\"([^\"]*)\"");

    private StreetImport() {
    }

    static void store(StreetService.ImportSession session, Consumer<Consumer<ImportService.InRecord>> records,
                      Map<String, String> fieldMap, Problems problems, Runnable stored) {
        records.accept(r -> {
            if (r.fields().containsKey(ImportSources.ERROR)) {
                ImportSources.RecordError err = ImportSources.errorOf(r.fields().get(ImportSources.ERROR));
                problems.add(r.index(), err.key(), err.english(), err.arguments());
                return;
            }
            String name = null;
            String streetClass = null;
            String oneway = null;
            String otherTags = null;
            for (Map.Entry<String, Object> f : r.fields().entrySet()) {
                if (f.getKey().equalsIgnoreCase("other_tags") && f.getValue() != null) otherTags = f.getValue().toString();
            }
            for (Map.Entry<String, String> m : fieldMap.entrySet()) {
                Object v = r.fields().get(m.getKey());
                if (v == null) continue;
                switch (m.getValue()) {
                    case "name" -> name = v.toString();
                    case "class" -> streetClass = v.toString();
                    case "oneway" -> oneway = v.toString();
                    default -> { }
                }
            }
            if (oneway == null && otherTags != null) oneway = osmOneway(otherTags);
            Geometry g = r.geometry();
            try {
                if (g instanceof MultiLineString multi && multi.getNumGeometries() > 1) {
                    for (int part = 0; part < multi.getNumGeometries(); part++) {
                        LineString line = (LineString) multi.getGeometryN(part);
                        session.add(new StreetDraft(name, streetClass, oneway, line, null));
                        stored.run();
                    }
                } else {
                    session.add(new StreetDraft(name, streetClass, oneway, g, null));
                    stored.run();
                }
            } catch (ApiProblem e) {
                problems.add(r.index(), e.messageKey(), e.getMessage(), e.arguments());
            } catch (GeoJsonFormatException e) {
                problems.add(r.index(), e.messageKey(), e.getMessage(), e.arguments());
            }
        });
    }

    /** The one-way rule in GDAL's {@code other_tags} hstore text: {@code yes}, {@code -1} or null. */
    static String osmOneway(String otherTags) {
        String oneway = null;
        boolean roundabout = false;
        Matcher m = TAG.matcher(otherTags);
        while (m.find()) {
            if (m.group(1).equals("oneway")) oneway = m.group(2);
            if (m.group(1).equals("junction") && (m.group(2).equals("roundabout") || m.group(2).equals("circular"))) {
                roundabout = true;
            }
        }
        if (oneway == null) return roundabout ? "yes" : null;
        try {
            return StreetDraft.normalOneway(oneway);
        } catch (ApiProblem e) {
            return null; // OSM's rarer values (alternating, reversible) are not one-way rules a vehicle route can keep
        }
    }
}
