package org.gridwatch.cases.publicreport;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure pieces of the public page: rate limit, tracking numbers, QR codes (photos: the core's PhotoSniffer). */
class PublicReportPiecesTest {

    @Test
    void burstLimitRefusesTheSixthReportAndSaysWhenTheFirstLeavesTheWindow() {
        AtomicLong now = new AtomicLong(0);
        var limiter = new ReportRateLimiter(new ReportRateLimiter.Limits(5, Duration.ofMinutes(10), 30, 100), now::get);
        for (int i = 0; i < 5; i++) {
            now.set(Duration.ofMinutes(i).toNanos());
            assertThat(limiter.tryAcquire("10.0.0.1")).isZero();
        }
        now.set(Duration.ofMinutes(6).toNanos());
        assertThat(limiter.tryAcquire("10.0.0.1")).isEqualTo(Duration.ofMinutes(4));
        // another address is not affected, and a refused attempt did not count
        assertThat(limiter.tryAcquire("10.0.0.2")).isZero();
        now.set(Duration.ofMinutes(10).toNanos());
        assertThat(limiter.tryAcquire("10.0.0.1")).isZero();
        assertThat(limiter.tryAcquire("10.0.0.1")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void dailyLimitHoldsAcrossWindows() {
        AtomicLong now = new AtomicLong(0);
        var limiter = new ReportRateLimiter(new ReportRateLimiter.Limits(5, Duration.ofMinutes(10), 7, 100), now::get);
        for (int i = 0; i < 7; i++) {
            now.set(Duration.ofHours(i).toNanos());
            assertThat(limiter.tryAcquire("a")).isZero();
        }
        now.set(Duration.ofHours(8).toNanos());
        assertThat(limiter.tryAcquire("a")).isEqualTo(Duration.ofHours(16));
        now.set(Duration.ofHours(24).toNanos());
        assertThat(limiter.tryAcquire("a")).isZero();
    }

    @Test
    void trackingNumbersAreDistinctAndSurviveRetyping() {
        var numbers = new TrackingNumbers(new Random(7));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String n = numbers.next();
            assertThat(n).matches("[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{2}");
            seen.add(n);
        }
        assertThat(seen).hasSize(10_000);
        String n = numbers.next();
        assertThat(TrackingNumbers.normalise(" " + n.toLowerCase().replace("-", " ") + " ")).isEqualTo(n);
        assertThat(TrackingNumbers.normalise("ABCD-EFGH-I1")).isNull();
        assertThat(TrackingNumbers.normalise("ABCD")).isNull();
        assertThat(TrackingNumbers.normalise(null)).isNull();
    }

    @Test
    void qrCodeDecodesBackToTheLink() throws Exception {
        String url = "https://gis.example.gov.cn/gridwatch/report.html?grid=HX-01-03";
        byte[] png = GridQrCode.png(url, 300);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(300);
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        assertThat(new QRCodeReader().decode(bitmap).getText()).isEqualTo(url);
    }

    @Test
    void theRetryKeyDependsOnTokenOrAddressAndClientIdAndRevealsNeither() {
        String a = ReportRetryKey.of("c-1", "tokenAAAAAAAAAAAAAAA", "10.0.0.1");
        assertThat(a).matches("public-[0-9a-f]{40}").doesNotContain("c-1", "token");
        assertThat(ReportRetryKey.of("c-1", "tokenAAAAAAAAAAAAAAA", "10.9.9.9")).as("the token wins over the address")
                .isEqualTo(a);
        assertThat(ReportRetryKey.of("c-1", "tokenBBBBBBBBBBBBBBB", "10.0.0.1")).isNotEqualTo(a);
        assertThat(ReportRetryKey.of("c-2", "tokenAAAAAAAAAAAAAAA", "10.0.0.1")).isNotEqualTo(a);
        String byAddress = ReportRetryKey.of("c-1", null, "10.0.0.1");
        assertThat(byAddress).isNotEqualTo(a).isEqualTo(ReportRetryKey.of("c-1", null, "10.0.0.1"))
                .isNotEqualTo(ReportRetryKey.of("c-1", null, "10.0.0.2"));
        // a token that spells an address is not that address's scope
        assertThat(ReportRetryKey.of("c-1", "address-10-0-0-1-xx", "x")).isNotEqualTo(ReportRetryKey.of("c-1", null, "address-10-0-0-1-xx"));
        assertThat(ReportRetryKey.validToken("short")).isFalse();
        assertThat(ReportRetryKey.validToken("A".repeat(129))).isFalse();
        assertThat(ReportRetryKey.validToken("aZ09_-aZ09_-aZ09")).isTrue();
        assertThat(ReportRetryKey.validClientId("two words")).isFalse();
    }
}
