package org.gridwatch.exchange;

/**
 * One dBASE III column: the property it carries, its field name (at most 10 ASCII bytes, see
 * {@link DbfFieldNames}), its type and its width in bytes.
 *
 * <ul>
 *   <li>{@code C}: text, {@code length} bytes in the file's encoding (UTF-8 or GBK), space padded;</li>
 *   <li>{@code N}: a number written as ASCII digits, right aligned, with {@code decimals} digits after the point;</li>
 *   <li>{@code D}: a date {@code YYYYMMDD};</li>
 *   <li>{@code L}: a logical {@code T}, {@code F} or {@code ?} (unknown).</li>
 * </ul>
 */
public record DbfField(String property, String name, char type, int length, int decimals) {

    public DbfField {
        if ("CNDL".indexOf(type) < 0) {
            throw new IllegalArgumentException("unsupported dBASE type " + type);
        }
        if (length < 1 || length > 254 || (type == 'D' && length != 8) || (type == 'L' && length != 1)) {
            throw new IllegalArgumentException("bad width " + length + " for type " + type);
        }
        if (decimals < 0 || (decimals > 0 && (type != 'N' || decimals > length - 2))) {
            throw new IllegalArgumentException("bad decimals " + decimals);
        }
    }

    public static DbfField text(String property, int lengthBytes) {
        return new DbfField(property, null, 'C', lengthBytes, 0);
    }

    public static DbfField integer(String property, int digits) {
        return new DbfField(property, null, 'N', digits, 0);
    }

    public static DbfField decimal(String property, int length, int decimals) {
        return new DbfField(property, null, 'N', length, decimals);
    }

    public static DbfField date(String property) {
        return new DbfField(property, null, 'D', 8, 0);
    }

    public static DbfField logical(String property) {
        return new DbfField(property, null, 'L', 1, 0);
    }

    public DbfField named(String fieldName) {
        return new DbfField(property, fieldName, type, length, decimals);
    }

    /** The type name the field-name mapping file shows. */
    public String typeLabel() {
        return switch (type) {
            case 'C' -> "text(" + length + " bytes)";
            case 'N' -> decimals == 0 ? "integer(" + length + ")" : "number(" + length + "," + decimals + ")";
            case 'D' -> "date";
            default -> "boolean";
        };
    }
}
