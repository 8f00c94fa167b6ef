package org.gridwatch.ogcapi.tiles;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct property values of the shapes of one layer held in memory, each numbered once (with a string's
 * UTF-8 bytes), so that a tile's encoder finds a value's place in its layer by that number in an array instead of
 * hashing the value: a zoom-11 tile writes the six properties of thousands of grids, nearly all distinct, and that
 * look-up was the largest part of writing a shape. Filled while the shapes are prepared, then only read.
 */
public final class ShapeValues {

    private final Map<Object, Integer> numbers = new HashMap<>();
    private final List<Object> values = new ArrayList<>();
    private final List<byte[]> utf8 = new ArrayList<>();

    /** The number of a (normalised, non-null) value, numbering it next if new. Not thread-safe: while preparing. */
    int number(Object value) {
        Integer n = numbers.get(value);
        if (n != null) return n;
        n = values.size();
        numbers.put(value, n);
        values.add(value);
        utf8.add(value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null);
        return n;
    }

    public int size() {
        return values.size();
    }

    Object value(int n) {
        return values.get(n);
    }

    /** A string value's UTF-8 bytes; null for other values. */
    byte[] utf8(int n) {
        return utf8.get(n);
    }
}
