package org.gridwatch.heatmap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes an 8-bit indexed-colour PNG (ISO/IEC 15948, colour type 3) with a 256-entry palette and
 * per-entry transparency (tRNS). One byte per pixel and the fastest deflate level: a 256×256 tile
 * encodes in well under a millisecond, several times faster than an ARGB image through ImageIO.
 *
 * <p>Stateless and thread-safe.
 */
public final class IndexedPngEncoder {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private IndexedPngEncoder() {
    }

    /** Encodes {@code pixels} (palette indexes, row-major from the top-left) with the ramp's palette. */
    public static byte[] encode(byte[] pixels, int width, int height, ColorRamp ramp) {
        if (pixels.length != width * height) {
            throw new IllegalArgumentException("pixels must be width × height");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        out.writeBytes(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, width);
        putInt(header, 4, height);
        header[8] = 8;
        header[9] = 3;
        chunk(out, "IHDR", header, header.length);
        byte[] palette = new byte[256 * 3];
        byte[] r = ramp.red();
        byte[] g = ramp.green();
        byte[] b = ramp.blue();
        for (int i = 0; i < 256; i++) {
            palette[3 * i] = r[i];
            palette[3 * i + 1] = g[i];
            palette[3 * i + 2] = b[i];
        }
        chunk(out, "PLTE", palette, palette.length);
        byte[] alpha = ramp.alpha();
        chunk(out, "tRNS", alpha, alpha.length);

        // Each scanline starts with its filter type; "Sub" (1) turns smooth ramps into small deltas.
        byte[] raw = new byte[height * (width + 1)];
        for (int y = 0; y < height; y++) {
            int o = y * (width + 1);
            int p = y * width;
            raw[o] = 1;
            raw[o + 1] = pixels[p];
            for (int x = 1; x < width; x++) {
                raw[o + 1 + x] = (byte) (pixels[p + x] - pixels[p + x - 1]);
            }
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(raw);
            deflater.finish();
            byte[] buffer = new byte[Math.max(1024, raw.length / 4)];
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(buffer.length);
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                compressed.write(buffer, 0, n);
            }
            byte[] data = compressed.toByteArray();
            chunk(out, "IDAT", data, data.length);
        } finally {
            deflater.end();
        }
        chunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
        byte[] len = new byte[4];
        putInt(len, 0, length);
        out.writeBytes(len);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data, 0, length);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
