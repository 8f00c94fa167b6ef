package org.gridwatch.ogcapi.tiles;

/** A growable byte buffer with protobuf's wire primitives; one tile is encoded by one thread, so no locks. */
final class ProtoWriter {
    private byte[] buf;
    private int size;

    ProtoWriter(int capacity) {
        buf = new byte[capacity];
    }

    void reset() {
        size = 0;
    }

    private void room(int n) {
        if (size + n > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }

    void raw(byte b) {
        room(1);
        buf[size++] = b;
    }

    void varint(long v) {
        room(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    void bytes(int field, byte[] bytes) {
        tag(field, 2);
        varint(bytes.length);
        room(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    /** A length-delimited field holding what {@code body} holds. */
    void message(int field, ProtoWriter body) {
        tag(field, 2);
        varint(body.size);
        append(body);
    }

    void append(ProtoWriter other) {
        room(other.size);
        System.arraycopy(other.buf, 0, buf, size, other.size);
        size += other.size;
    }

    byte[] toByteArray() {
        return java.util.Arrays.copyOf(buf, size);
    }
}
