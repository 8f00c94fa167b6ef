package org.gridwatch.feature;

import java.time.Instant;
import java.util.Set;

import org.gridwatch.geo.GeoJsonWriter;

/**
 * Writes one feature as GeoJSON text straight from its fields: the same text as
 * {@code GeoJsonWriter.feature(id, point, view.properties())} when every property is chosen, without
 * the property map, the boxing and the locking writer calls per character that made a street-scale
 * view (5,000 features, 2 MB) cost about 30 ms of processor time. Stateless and thread-safe.
 */
final class FeatureGeoJson {

    private FeatureGeoJson() {
    }

    /** Appends feature {@code f} with the properties in {@code chosen}, in {@link FeatureProperty} order. */
    static void write(FeatureView f, Set<FeatureProperty> chosen, StringBuilder out) {
        out.append("{\"type\":\"Feature\",\"id\":").append(f.id()).append(",\"geometry\":{\"type\":\"Point\",\"coordinates\":[");
        coordinate(f.lon(), out);
        out.append(',');
        coordinate(f.lat(), out);
        out.append("]},\"properties\":{");
        boolean first = true;
        for (FeatureProperty p : chosen) {
            if (!first) out.append(',');
            first = false;
            out.append('"').append(p.jsonName()).append("\":");
            switch (p) {
                case TYPE -> string(f.type(), out);
                case NAME -> string(f.name(), out);
                case CODE -> string(f.code(), out);
                case ADDRESS -> string(f.address(), out);
                case STATUS -> string(f.status(), out);
                case GRID_CODE -> string(f.gridCode(), out);
                case ATTRIBUTES -> out.append(f.attributesJson() == null || f.attributesJson().isBlank()
                        ? (f.attributesJson() == null ? "{}" : "null") : f.attributesJson());
                case CREATED_AT -> instant(f.createdAt(), out);
                case UPDATED_AT -> instant(f.updatedAt(), out);
                case VERSION -> out.append(f.version());
            }
        }
        out.append("}}");
    }

    private static void coordinate(double v, StringBuilder out) {
        try {
            GeoJsonWriter.number(v, out);
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static void string(String s, StringBuilder out) {
        if (s == null) {
            out.append("null");
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                try {
                    GeoJsonWriter.string(s, out);
                } catch (java.io.IOException impossible) {
                    throw new IllegalStateException(impossible);
                }
                return;
            }
        }
        out.append('"').append(s).append('"');
    }

    /** {@link Instant#toString()} (ISO-8601, UTC, 0/3/6/9 fraction digits) without a formatter. */
    static void instant(Instant t, StringBuilder out) {
        if (t == null) {
            out.append("null");
            return;
        }
        long seconds = t.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        // Civil date from day number (H. Hinnant's days_from_civil inverse), valid for years 0000-9999.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            out.append('"').append(t).append('"');
            return;
        }
        out.append('"');
        pad(year, 4, out);
        out.append('-');
        pad(month, 2, out);
        out.append('-');
        pad(day, 2, out);
        out.append('T');
        pad(secondOfDay / 3600, 2, out);
        out.append(':');
        pad(secondOfDay / 60 % 60, 2, out);
        out.append(':');
        pad(secondOfDay % 60, 2, out);
        int nano = t.getNano();
        if (nano != 0) {
            out.append('.');
            if (nano % 1_000_000 == 0) pad(nano / 1_000_000, 3, out);
            else if (nano % 1000 == 0) pad(nano / 1000, 6, out);
            else pad(nano, 9, out);
        }
        out.append("Z\"");
    }

    private static void pad(long value, int digits, StringBuilder out) {
        String s = Long.toString(value);
        for (int i = s.length(); i < digits; i++) out.append('0');
        out.append(s);
    }
}
