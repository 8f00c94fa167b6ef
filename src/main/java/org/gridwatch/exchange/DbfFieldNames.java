package org.gridwatch.exchange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps property names to dBASE field names, which hold at most 10 bytes and are compared without
 * regard to case by most readers. The rule, applied to the properties in order, is:
 * <ol>
 *   <li>every character other than an ASCII letter, digit or {@code _} becomes {@code _} (desktop GIS
 *   mishandles non-ASCII field names); a name that is then empty or all {@code _} becomes
 *   {@code F<n>}, n the property's 1-based position;</li>
 *   <li>the result is cut to its first 10 characters ({@code responsiblePerson} → {@code responsibl});</li>
 *   <li>if that name (ignoring case) is already taken, it is cut further and suffixed {@code _1},
 *   {@code _2}, … until it is free ({@code capacityLitersMax} after {@code capacityLiters} →
 *   {@code capacity_1}).</li>
 * </ol>
 * The same properties in the same order always give the same names; {@link #mappingText} writes the
 * table shipped with every export. Stateless and thread-safe.
 */
public final class DbfFieldNames {

    public static final int MAX_NAME_BYTES = 10;

    private DbfFieldNames() {
    }

    /** The fields with their {@code name} set by the rule above. */
    public static List<DbfField> assign(List<DbfField> fields) {
        Set<String> taken = new HashSet<>();
        List<DbfField> named = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            String name = shorten(fields.get(i).property(), i + 1, taken);
            taken.add(name.toUpperCase(Locale.ROOT));
            named.add(fields.get(i).named(name));
        }
        return named;
    }

    private static String shorten(String property, int position, Set<String> taken) {
        StringBuilder sb = new StringBuilder(property.length());
        boolean meaningful = false;
        for (int i = 0; i < property.length(); i++) {
            char c = property.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            sb.append(ok ? c : '_');
            meaningful |= ok && c != '_';
        }
        String base = meaningful ? sb.toString() : "F" + position;
        String name = base.length() > MAX_NAME_BYTES ? base.substring(0, MAX_NAME_BYTES) : base;
        for (int n = 1; taken.contains(name.toUpperCase(Locale.ROOT)); n++) {
            String suffix = "_" + n;
            name = base.substring(0, Math.min(base.length(), MAX_NAME_BYTES - suffix.length())) + suffix;
        }
        return name;
    }

    /**
     * The mapping as a small UTF-8 text table: one line per field, {@code FIELD<TAB>property<TAB>type},
     * after a header that states the encoding and how dates are written.
     */
    public static String mappingText(List<DbfField> fields, String encoding, String crs) {
        StringBuilder sb = new StringBuilder();
        sb.append("# gridwatch shapefile export: dBASE field -> property\n");
        sb.append("# text encoding of the .dbf: ").append(encoding).append(" (also in the .cpg)\n");
        sb.append("# coordinate system: ").append(crs).append(" (also in the .prj)\n");
        sb.append("# dates are calendar days in China Standard Time (UTC+8)\n");
        sb.append("field\tproperty\ttype\n");
        for (DbfField f : fields) {
            sb.append(f.name()).append('\t').append(f.property()).append('\t').append(f.typeLabel()).append('\n');
        }
        return sb.toString();
    }
}
