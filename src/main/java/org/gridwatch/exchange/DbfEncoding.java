package org.gridwatch.exchange;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the text encoding of a .dbf that names none (no .cpg, and a language driver of 0x00 "none" or
 * 0x57 "the system's ANSI code page", which on a Chinese Windows is GBK): every text field of every
 * record and every field name is decoded strictly, first as UTF-8, then as GBK, then as GB18030. The
 * first that decodes every byte without a fault is the encoding; bytes that fit none are refused,
 * because stored they would be 乱码 that nobody can repair afterwards.
 *
 * <p>Plain Java over the .dbf's bytes; the header is trusted only as far as the file holds it.
 */
final class DbfEncoding {

    /** An encoding and how it was found, for the import's preview. */
    record Detected(Charset charset, String description) {
    }

    private static final Charset GBK = Charset.forName("GBK");
    private static final Charset GB18030 = Charset.forName("GB18030");

    private DbfEncoding() {
    }

    /**
     * @param languageDriver the .dbf's byte 29, for the description
     * @throws ExchangeFormatException {@code exchange.encoding.undetectable} when no candidate decodes every byte
     */
    static Detected detect(ByteBuffer dbf, int languageDriver) {
        boolean ascii = texts(dbf, t -> {
            for (int i = t.position(); i < t.limit(); i++) if (t.get(i) < 0) return false;
            return true;
        });
        String driver = String.format("0x%02X", languageDriver);
        if (ascii) return new Detected(StandardCharsets.UTF_8, "UTF-8 (detected: plain ASCII text)");
        if (decodesAll(dbf, StandardCharsets.UTF_8)) {
            return new Detected(StandardCharsets.UTF_8, "UTF-8 (detected: no .cpg, language driver " + driver + ")");
        }
        if (decodesAll(dbf, GBK)) {
            return new Detected(GBK, "GBK (detected: no .cpg, language driver " + driver + ", not valid UTF-8)");
        }
        if (decodesAll(dbf, GB18030)) {
            return new Detected(GB18030, "GB18030 (detected: no .cpg, language driver " + driver + ", not valid UTF-8 or GBK)");
        }
        throw new ExchangeFormatException("exchange.encoding.undetectable",
                "the .dbf's text is neither UTF-8 nor GBK/GB18030 and no .cpg names its encoding; add a .cpg or give encoding=",
                driver);
    }

    private static boolean decodesAll(ByteBuffer dbf, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return texts(dbf, t -> {
            try {
                CharBuffer decoded = decoder.reset().decode(t);
                // GBK maps a few bytes to the private use area: such text is not Chinese, it is noise.
                for (int i = 0; i < decoded.length(); i++) {
                    char c = decoded.get(i);
                    if (c >= '\uE000' && c <= '\uF8FF') return false;
                }
                return true;
            } catch (CharacterCodingException e) {
                return false;
            }
        });
    }

    /**
     * Hands each field name and the bytes of every text ('C') field of every record (trailing blanks
     * and NULs cut) to {@code test}, one pass, nothing copied; false as soon as a test fails.
     */
    private static boolean texts(ByteBuffer dbf, java.util.function.Predicate<ByteBuffer> test) {
        if (dbf.limit() < 33) return true;
        int count = dbf.getInt(4);
        int headerBytes = Short.toUnsignedInt(dbf.getShort(8));
        int recordBytes = Short.toUnsignedInt(dbf.getShort(10));
        List<int[]> textFields = new ArrayList<>();
        int offset = 1;
        for (int at = 32; at + 32 <= Math.min(headerBytes, dbf.limit()) && dbf.get(at) != 0x0D; at += 32) {
            int nameEnd = at;
            while (nameEnd < at + 11 && dbf.get(nameEnd) != 0) nameEnd++;
            if (nameEnd > at && !test.test(dbf.slice(at, nameEnd - at))) return false;
            char type = (char) dbf.get(at + 11);
            int length = Byte.toUnsignedInt(dbf.get(at + 16));
            int decimals = Byte.toUnsignedInt(dbf.get(at + 17));
            if (type == 'C' && decimals > 0) length += decimals << 8;
            if (type == 'C') textFields.add(new int[]{offset, length});
            offset += length;
        }
        if (count < 0 || recordBytes <= 0) return true;
        for (long r = 0; r < count; r++) {
            long base = headerBytes + r * recordBytes;
            if (base + recordBytes > dbf.limit()) break;
            for (int[] f : textFields) {
                int start = (int) base + f[0];
                int end = start + f[1];
                if (end > dbf.limit()) continue;
                while (end > start && (dbf.get(end - 1) == ' ' || dbf.get(end - 1) == 0)) end--;
                if (end == start) continue;
                if (!test.test(dbf.slice(start, end - start))) return false;
            }
        }
        return true;
    }
}
