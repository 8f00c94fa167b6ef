package org.gridwatch.ogcapi.tiles;

/**
 * A layer's keys or values, each numbered by its first use: an open-addressing table of the objects and
 * their numbers. Every property of every feature of a tile is looked up here; chained hash maps' nodes and
 * boxed numbers made that a tenth of a tile's time.
 */
final class MvtDictionary {
    private Object[] slots = new Object[64];
    private int[] numbers = new int[64];
    private Object[] inOrder = new Object[32];
    private byte[][] encoded = new byte[32][];
    /** Per number, its number in {@link #table} (-1: numbered by hashing). */
    private int[] tableNumbers = new int[32];
    private boolean hashed;
    private int size;

    private void room() {
        if (size < inOrder.length) return;
        inOrder = java.util.Arrays.copyOf(inOrder, size * 2);
        encoded = java.util.Arrays.copyOf(encoded, size * 2);
        tableNumbers = java.util.Arrays.copyOf(tableNumbers, size * 2);
    }

    /** The number of {@code o} (equal objects share one), numbering it next if new. */
    int number(Object o) {
        return number(o, null);
    }

    /** {@link #number(Object)}, remembering a string's UTF-8 bytes made before (null: none) for {@link #bytes}. */
    int number(Object o, byte[] utf8) {
        int mask = slots.length - 1;
        int h = o.hashCode();
        int i = (h ^ (h >>> 16)) & mask;
        for (Object s; (s = slots[i]) != null; i = (i + 1) & mask) {
            if (s == o || s.equals(o)) return numbers[i];
        }
        slots[i] = o;
        numbers[i] = size;
        hashed = true;
        room();
        inOrder[size] = o;
        encoded[size] = utf8;
        tableNumbers[size] = -1;
        int n = size++;
        if (size * 2 > slots.length) grow();
        return n;
    }

    private void grow() {
        Object[] oldSlots = slots;
        int[] oldNumbers = numbers;
        slots = new Object[oldSlots.length * 2];
        numbers = new int[slots.length];
        int mask = slots.length - 1;
        for (int j = 0; j < oldSlots.length; j++) {
            Object o = oldSlots[j];
            if (o == null) continue;
            int h = o.hashCode();
            int i = (h ^ (h >>> 16)) & mask;
            while (slots[i] != null) i = (i + 1) & mask;
            slots[i] = o;
            numbers[i] = oldNumbers[j];
        }
    }

    int size() {
        return size;
    }

    /** The table whose numbers {@link #byTable} holds, and per table number this layer's number + 1 (0: none yet). */
    private ShapeValues table;
    private int[] byTable = new int[0];

    /**
     * The number of the value numbered {@code n} in {@code t}: an array look-up instead of hashing. A layer
     * takes its values either all from one table or all by {@link #number(Object)} (a tile's layer is drawn
     * either from the shapes in memory or from the store), so equal values are still numbered once.
     */
    int number(int n, ShapeValues t) {
        if (t != table) {
            // Shapes read again since the last tile: a new table (byTable is all zeros between tiles).
            table = t;
            if (byTable.length < t.size()) byTable = new int[t.size()];
        }
        int local = byTable[n];
        if (local != 0) return local - 1;
        room();
        inOrder[size] = t.value(n);
        encoded[size] = t.utf8(n);
        tableNumbers[size] = n;
        byTable[n] = ++size;
        return size - 1;
    }

    /** The UTF-8 bytes of the string numbered {@code n} if they were given with it, else null. */
    byte[] bytes(int n) {
        return encoded[n];
    }

    /** The object numbered {@code n}. */
    Object get(int n) {
        return inOrder[n];
    }

    /** Empties it, keeping its grown arrays. */
    void clear() {
        if (size == 0) return;
        java.util.Arrays.fill(slots, null);
        if (hashed) {
            java.util.Arrays.fill(slots, null);
            hashed = false;
        }
        // Only the table numbers this tile used: the table has an entry for every value of the whole layer.
        for (int i = 0; i < size; i++) {
            if (tableNumbers[i] >= 0) byTable[tableNumbers[i]] = 0;
        }
        java.util.Arrays.fill(inOrder, 0, size, null);
        java.util.Arrays.fill(encoded, 0, size, null);
        size = 0;
    }
}
