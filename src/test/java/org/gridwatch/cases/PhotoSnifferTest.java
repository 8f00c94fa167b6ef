package org.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PhotoSnifferTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    @Test
    void knowsTheThreeImageSignatures() {
        assertThat(PhotoSniffer.contentType(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10))).isEqualTo("image/jpeg");
        assertThat(PhotoSniffer.contentType(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0))).isEqualTo("image/png");
        assertThat(PhotoSniffer.contentType("RIFF\u0000\u0000\u0000\u0000WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo("image/webp");
    }

    @Test
    void refusesEverythingElseWhateverItClaims() {
        assertThat(PhotoSniffer.contentType("<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(PhotoSniffer.contentType("GIF89a".getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(PhotoSniffer.contentType("RIFF\u0000\u0000\u0000\u0000WAVE".getBytes(StandardCharsets.ISO_8859_1))).isNull();
        assertThat(PhotoSniffer.contentType(bytes(0xFF, 0xD8))).as("too short for JPEG").isNull();
        assertThat(PhotoSniffer.contentType(bytes(0x89, 'P', 'N', 'G'))).as("a truncated PNG signature").isNull();
        assertThat(PhotoSniffer.contentType(new byte[0])).isNull();
        assertThat(PhotoSniffer.contentType(null)).isNull();
    }
}
