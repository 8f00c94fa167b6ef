package org.gridwatch.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zip bombs are refused while streaming, before the disk holds more than the limits (issue 16, part 8). */
class SafeZipTest {

    private static final long GB = 1L << 30;

    @TempDir
    Path dir;

    /** A zip whose one entry {@code name} inflates to {@code bytes} zeros: a few hundred KB on the wire. */
    private Path bomb(String name, long bytes) throws IOException {
        Path zip = dir.resolve("bomb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            out.putNextEntry(new ZipEntry(name));
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < bytes; written += zeros.length) out.write(zeros);
            out.closeEntry();
        }
        return zip;
    }

    private static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void aZipBombIsRefusedLongBeforeTheUnpackedLimitAndTheDiskHoldsLittle() throws IOException {
        Path zip = bomb("data.dbf", 300L << 20);
        long compressed = Files.size(zip);
        assertThat(compressed).isLessThan(2L << 20);
        Path out = Files.createDirectory(dir.resolve("out"));
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(zip)) {
            // The unpacked limit alone (1 GB) would let all 300 MB through: the ratio stops it.
            assertThatThrownBy(() -> SafeZip.extract(in, out, GB, 64))
                    .isInstanceOf(ExchangeFormatException.class)
                    .extracting(e -> ((ExchangeFormatException) e).messageKey()).isEqualTo("exchange.zip.tooCompressed");
        }
        assertThat(size(out)).as("bytes written before the refusal")
                .isLessThanOrEqualTo(SafeZip.DEFAULT_MAX_RATIO * compressed + SafeZip.RATIO_SLACK + (64 << 10));
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10.0);
    }

    @Test
    void anEntryTheImportDoesNotReadCountsAgainstTheLimitsToo() throws IOException {
        Path zip = bomb("readme.txt", 300L << 20);
        Path out = Files.createDirectory(dir.resolve("out"));
        try (InputStream in = Files.newInputStream(zip)) {
            assertThatThrownBy(() -> SafeZip.extract(in, out, GB, 64)).isInstanceOf(ExchangeFormatException.class);
        }
        assertThat(size(out)).isZero();
    }

    @Test
    void aDeclaredSizeOverTheLimitIsRefusedBeforeAnythingIsWritten() throws IOException {
        byte[] data = new byte[2 << 20];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31 + (i >> 7));
        CRC32 crc = new CRC32();
        crc.update(data);
        Path zip = dir.resolve("stored.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            ZipEntry e = new ZipEntry("big.shp");
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            e.setCompressedSize(data.length);
            e.setCrc(crc.getValue());
            out.putNextEntry(e);
            out.write(data);
            out.closeEntry();
        }
        Path out = Files.createDirectory(dir.resolve("out"));
        try (InputStream in = Files.newInputStream(zip)) {
            assertThatThrownBy(() -> SafeZip.extract(in, out, 1 << 20, 64))
                    .extracting(e -> ((ExchangeFormatException) e).messageKey()).isEqualTo("exchange.zip.tooLarge");
        }
        assertThat(size(out)).as("nothing written for an entry that declares too much").isZero();
    }

    @Test
    void anOrdinaryShapefileZipStillUnpacks() throws IOException {
        Path zip = dir.resolve("ok.zip");
        byte[] dbf = " ".repeat(50_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : List.of("a.shp", "a.shx", "a.dbf")) {
                out.putNextEntry(new ZipEntry(name));
                out.write(dbf);
                out.closeEntry();
            }
        }
        Path out = Files.createDirectory(dir.resolve("out"));
        try (InputStream in = Files.newInputStream(zip)) {
            assertThat(SafeZip.extract(in, out, GB, 64)).hasSize(3);
        }
    }

    @Test
    void anUnreadableZipIsOurWordsNotTheLibrarys() throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        byte[] broken = {'P', 'K', 3, 4, 20, 0, 8, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0,
                'a', '.', 's', 'h', 'p', 1, 2, 3, 4, 5, 6, 7, 8};
        assertThatThrownBy(() -> SafeZip.extract(new java.io.ByteArrayInputStream(broken), out, GB, 64))
                .isInstanceOf(ExchangeFormatException.class)
                .satisfies(e -> assertThat(((ExchangeFormatException) e).arguments()).isEmpty());
    }
}
