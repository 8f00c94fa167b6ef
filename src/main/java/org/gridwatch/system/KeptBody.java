package org.gridwatch.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The bytes of an answer kept while nothing it rests on changes, and the same bytes gzip-compressed once, on the
 * first request that accepts gzip. The server compresses large JSON on its own (server.compression), but anew for
 * every request: 10 MB of coverage table cost more to compress than the kept answer costs to send, on each
 * request a browser makes. A kept answer is compressed once and handed out as it is.
 *
 * <p>Thread-safe: the compressed bytes are made at most once (a racing second request waits for them).
 */
public final class KeptBody {

    /**
     * Level 1 of 9: the coverage table's JSON (10.2 MB at city scale) compresses about 8× at the fastest level and
     * only a little smaller at the default level, in several times the time; the first request after an edit pays it.
     */
    private static final int LEVEL = Deflater.BEST_SPEED;

    private final byte[] plain;
    private volatile byte[] gzip;

    public KeptBody(byte[] plain) {
        this.plain = plain;
    }

    public byte[] plain() {
        return plain;
    }

    /** The plain bytes gzip-compressed, made on the first call. */
    public byte[] gzip() {
        byte[] g = gzip;
        if (g != null) return g;
        synchronized (this) {
            if (gzip == null) gzip = compress(plain);
            return gzip;
        }
    }

    /**
     * A 200 answer of {@code type}: gzip-compressed (Content-Encoding: gzip) when {@code acceptEncoding} accepts
     * gzip, else the plain bytes. Either way Vary: Accept-Encoding, so that a cache between keeps the two apart.
     */
    public ResponseEntity<byte[]> ok(MediaType type, String acceptEncoding) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(type).header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        return acceptsGzip(acceptEncoding)
                ? answer.header(HttpHeaders.CONTENT_ENCODING, "gzip").body(gzip())
                : answer.body(plain);
    }

    /**
     * Whether an Accept-Encoding header accepts gzip (RFC 9110 §12.5.3): named, or covered by "*", with a quality
     * above 0. A missing or blank header accepts only the plain bytes here.
     */
    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.isBlank()) return false;
        Boolean star = null;
        for (String part : acceptEncoding.split(",")) {
            String[] fields = part.split(";");
            String coding = fields[0].trim().toLowerCase(Locale.ROOT);
            boolean allowed = true;
            for (int i = 1; i < fields.length; i++) {
                String p = fields[i].trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) allowed = quality(p.substring(2)) > 0;
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) return allowed;
            if (coding.equals("*")) star = allowed;
        }
        return Boolean.TRUE.equals(star);
    }

    private static double quality(String q) {
        try {
            return Double.parseDouble(q.trim());
        } catch (NumberFormatException e) {
            return 0; // a malformed weight does not grant the coding
        }
    }

    static byte[] compress(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, plain.length / 6));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(LEVEL);
            }
        }) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
