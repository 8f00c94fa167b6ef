package org.gridwatch.cases;

/**
 * Tells an image's type by its first bytes, whatever the upload claims: JPEG ({@code FF D8 FF}), PNG
 * (the 8-byte signature) or WebP ({@code RIFF....WEBP}). Plain Java; thread-safe.
 */
public final class PhotoSniffer {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private PhotoSniffer() {
    }

    /** {@code image/jpeg}, {@code image/png}, {@code image/webp}, or null when the bytes are none of these. */
    public static String contentType(byte[] b) {
        if (b == null) return null;
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) return "image/jpeg";
        if (b.length >= PNG.length && startsWith(b, PNG, 0)) return "image/png";
        if (b.length >= 12 && startsWith(b, "RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0)
                && startsWith(b, "WEBP".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 8)) return "image/webp";
        return null;
    }

    private static boolean startsWith(byte[] b, byte[] prefix, int at) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) return false;
        }
        return true;
    }
}
