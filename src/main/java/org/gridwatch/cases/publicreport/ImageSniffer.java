package org.gridwatch.cases.publicreport;

/**
 * Tells a JPEG, PNG or WebP image by its first bytes (magic numbers), whatever name or type the upload
 * claims: {@code FF D8 FF} (JPEG, ISO/IEC 10918-1 SOI marker), {@code 89 50 4E 47 0D 0A 1A 0A} (PNG
 * signature, ISO/IEC 15948), {@code RIFF....WEBP}. Anything else, HTML and SVG included, is not a photo.
 * Stateless.
 */
public final class ImageSniffer {

    private ImageSniffer() {
    }

    /** {@code image/jpeg}, {@code image/png} or {@code image/webp}; null when the bytes are none of them. */
    public static String contentType(byte[] bytes) {
        if (bytes == null) return null;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        if (startsWith(bytes, png, 0)) return "image/png";
        if (bytes.length >= 12 && startsWith(bytes, "RIFF".getBytes(), 0) && startsWith(bytes, "WEBP".getBytes(), 8)) {
            return "image/webp";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix, int at) {
        if (bytes.length < at + prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (bytes[at + i] != prefix[i]) return false;
        return true;
    }
}
