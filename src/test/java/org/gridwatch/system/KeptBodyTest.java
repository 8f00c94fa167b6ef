package org.gridwatch.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

class KeptBodyTest {

    @Test
    void gzipIsAcceptedWhenNamedOrCoveredByStarWithAPositiveWeight() {
        checkAccepts("gzip, deflate, br, zstd", true);
        checkAccepts("GZIP", true);
        checkAccepts("x-gzip", true);
        checkAccepts("br;q=1.0, gzip;q=0.5", true);
        checkAccepts("*", true);
        checkAccepts("br, *;q=0.1", true);
        checkAccepts("gzip;q=0", false);
        checkAccepts("gzip;q=0.0, *", false); // gzip refused by name: the star does not grant it back
        checkAccepts("*;q=0", false);
        checkAccepts("gzip;q=oops", false);
        checkAccepts("identity", false);
        checkAccepts("br, zstd", false);
        checkAccepts("", false);
        checkAccepts(null, false);
    }

    @Test
    void theCompressedBytesAreThePlainOnesAndMadeOnce() throws Exception {
        long seed = 22;
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 20_000; i++) {
            json.append("{\"code\":\"G").append(random.nextInt(100_000)).append("\",\"share\":").append(random.nextDouble()).append("},");
        }
        byte[] plain = json.append("0]").toString().getBytes(StandardCharsets.UTF_8);
        KeptBody body = new KeptBody(plain);
        byte[] gzip = body.gzip();
        assertThat(gunzip(gzip)).as("seed %d", seed).isEqualTo(plain);
        assertThat(gzip.length).isLessThan(plain.length / 2);
        assertThat(body.gzip()).isSameAs(gzip);
        assertThat(body.plain()).isSameAs(plain);
    }

    @Test
    void anAnswerIsCompressedOnlyForAClientThatAcceptsIt() throws Exception {
        byte[] plain = "{\"rows\":[]}".repeat(100).getBytes(StandardCharsets.UTF_8);
        KeptBody body = new KeptBody(plain);

        ResponseEntity<byte[]> compressed = body.ok(MediaType.APPLICATION_JSON, "gzip, deflate");
        assertThat(compressed.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING)).isEqualTo("gzip");
        assertThat(compressed.getHeaders().getFirst(HttpHeaders.VARY)).isEqualTo(HttpHeaders.ACCEPT_ENCODING);
        assertThat(compressed.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(gunzip(compressed.getBody())).isEqualTo(plain);

        ResponseEntity<byte[]> identity = body.ok(MediaType.APPLICATION_JSON, null);
        assertThat(identity.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING)).isNull();
        assertThat(identity.getHeaders().getFirst(HttpHeaders.VARY)).isEqualTo(HttpHeaders.ACCEPT_ENCODING);
        assertThat(identity.getBody()).isSameAs(plain);
    }

    private static void checkAccepts(String acceptEncoding, boolean expected) {
        assertThat(KeptBody.acceptsGzip(acceptEncoding)).as(String.valueOf(acceptEncoding)).isEqualTo(expected);
    }

    static byte[] gunzip(byte[] gzip) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }
}
