package org.gridwatch.ogcapi.tiles;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small reader of Mapbox Vector Tiles for tests, written from the vector_tile.proto field numbers
 * independently of {@link MvtEncoder}: layers, features with their id, properties, type, raw command
 * integers and decoded paths (each path a list of x, y pairs in tile coordinates).
 */
public final class MvtDecoder {

    public record Tile(List<Layer> layers) {
        public Layer layer(String name) {
            return layers.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
        }
    }

    public record Layer(String name, int version, int extent, List<Feature> features) {
    }

    /** {@code type}: 1 point, 2 line, 3 polygon; {@code paths}: MoveTo starts a path; points are each their own path. */
    public record Feature(Long id, int type, Map<String, Object> properties, List<Integer> commands, List<List<int[]>> paths) {
    }

    private final byte[] buf;
    private int pos;
    private final int end;

    private MvtDecoder(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    public static Tile decode(byte[] bytes) {
        MvtDecoder d = new MvtDecoder(bytes, 0, bytes.length);
        List<Layer> layers = new ArrayList<>();
        while (d.pos < d.end) {
            long tag = d.varint();
            if ((tag >>> 3) == 3 && (tag & 7) == 2) layers.add(d.sub().layer());
            else d.skip((int) (tag & 7));
        }
        return new Tile(layers);
    }

    private Layer layer() {
        String name = null;
        int version = 1, extent = 4096;
        List<String> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        List<MvtDecoder> rawFeatures = new ArrayList<>();
        while (pos < end) {
            long tag = varint();
            int field = (int) (tag >>> 3);
            switch (field) {
                case 1 -> name = sub().string();
                case 2 -> rawFeatures.add(sub());
                case 3 -> keys.add(sub().string());
                case 4 -> values.add(sub().value());
                case 5 -> extent = (int) varint();
                case 15 -> version = (int) varint();
                default -> skip((int) (tag & 7));
            }
        }
        List<Feature> features = new ArrayList<>();
        for (MvtDecoder f : rawFeatures) features.add(f.feature(keys, values));
        return new Layer(name, version, extent, features);
    }

    private Feature feature(List<String> keys, List<Object> values) {
        Long id = null;
        int type = 0;
        List<Integer> tags = new ArrayList<>(), geometry = new ArrayList<>();
        while (pos < end) {
            long tag = varint();
            switch ((int) (tag >>> 3)) {
                case 1 -> id = varint();
                case 2 -> {
                    MvtDecoder p = sub();
                    while (p.pos < p.end) tags.add((int) p.varint());
                }
                case 3 -> type = (int) varint();
                case 4 -> {
                    MvtDecoder p = sub();
                    while (p.pos < p.end) geometry.add((int) p.varint());
                }
                default -> skip((int) (tag & 7));
            }
        }
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i + 1 < tags.size(); i += 2) props.put(keys.get(tags.get(i)), values.get(tags.get(i + 1)));
        return new Feature(id, type, props, geometry, paths(geometry));
    }

    private static List<List<int[]>> paths(List<Integer> g) {
        List<List<int[]>> paths = new ArrayList<>();
        int x = 0, y = 0, i = 0;
        List<int[]> current = null;
        while (i < g.size()) {
            int cmd = g.get(i) & 7, count = g.get(i) >>> 3;
            i++;
            if (cmd == 7) {
                current = null;
                continue;
            }
            for (int k = 0; k < count; k++) {
                x += unzigzag(g.get(i++));
                y += unzigzag(g.get(i++));
                if (cmd == 1) {
                    current = new ArrayList<>();
                    paths.add(current);
                }
                current.add(new int[] {x, y});
            }
        }
        return paths;
    }

    private static int unzigzag(int n) {
        return (n >>> 1) ^ -(n & 1);
    }

    private Object value() {
        Object v = null;
        while (pos < end) {
            long tag = varint();
            switch ((int) (tag >>> 3)) {
                case 1 -> v = sub().string();
                case 2 -> {
                    int bits = 0;
                    for (int i = 0; i < 4; i++) bits |= (buf[pos++] & 0xFF) << (8 * i);
                    v = (double) Float.intBitsToFloat(bits);
                }
                case 3 -> {
                    long bits = 0;
                    for (int i = 0; i < 8; i++) bits |= (long) (buf[pos++] & 0xFF) << (8 * i);
                    v = Double.longBitsToDouble(bits);
                }
                case 4, 5 -> v = varint();
                case 6 -> {
                    long n = varint();
                    v = (n >>> 1) ^ -(n & 1);
                }
                case 7 -> v = varint() != 0;
                default -> skip((int) (tag & 7));
            }
        }
        return v;
    }

    private String string() {
        return new String(buf, pos, end - pos, StandardCharsets.UTF_8);
    }

    private MvtDecoder sub() {
        int len = (int) varint();
        MvtDecoder d = new MvtDecoder(buf, pos, pos + len);
        pos += len;
        return d;
    }

    private long varint() {
        long v = 0;
        int shift = 0;
        while (true) {
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
            shift += 7;
        }
    }

    private void skip(int wireType) {
        switch (wireType) {
            case 0 -> varint();
            case 1 -> pos += 8;
            case 2 -> {
                int len = (int) varint();
                pos += len;
            }
            case 5 -> pos += 4;
            default -> throw new IllegalStateException("wire type " + wireType);
        }
    }
}
