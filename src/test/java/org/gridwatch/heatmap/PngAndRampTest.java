package org.gridwatch.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class PngAndRampTest {

    @Test
    void indexedPngDecodesToTheRampColours() throws IOException {
        Random random = new Random(3);
        byte[] pixels = new byte[256 * 256];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i % 7 == 0 ? 0 : random.nextInt(256));
        }
        byte[] png = IndexedPngEncoder.encode(pixels, 256, 256, ColorRamp.DEFAULT);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(256);
        for (int i = 0; i < pixels.length; i++) {
            int expected = ColorRamp.DEFAULT.argb(pixels[i] & 0xff);
            int actual = image.getRGB(i % 256, i / 256);
            if (pixels[i] == 0) {
                assertThat(actual >>> 24).isZero();
            } else {
                assertThat(actual).isEqualTo(expected);
            }
        }
    }

    @Test
    void rampIsMonotoneFromTransparentToTheDarkestAtTheMaximum() {
        ColorRamp ramp = ColorRamp.DEFAULT;
        assertThat(ramp.index(0, 10)).isZero();
        assertThat(ramp.index(1e-9, 10)).isEqualTo(1);
        assertThat(ramp.index(10, 10)).isEqualTo(255);
        assertThat(ramp.index(50, 10)).isEqualTo(255);
        assertThat(ramp.argb(255) & 0xffffff).isEqualTo(0xbd0026);
        assertThat(ramp.argb(1) & 0xffffff).isEqualTo(0xffffb2);
        int previousAlpha = 0;
        for (int i = 1; i < 256; i++) {
            int alpha = ramp.argb(i) >>> 24;
            assertThat(alpha).isGreaterThanOrEqualTo(previousAlpha);
            previousAlpha = alpha;
        }
        float[] values = {0, 2.5f, 5, 10, 20};
        byte[] idx = ramp.indexes(values, 10);
        for (int i = 0; i < values.length; i++) {
            assertThat(idx[i] & 0xff).isEqualTo(ramp.index(values[i], 10));
        }
        assertThat(ramp.legend(10)).hasSize(6);
        assertThat(ramp.legend(10).get(5).value()).isEqualTo(10);
    }

    @Test
    void packedPointsFindExactlyThePointsInABox() {
        Random random = new Random(8);
        int n = 5000;
        double[] lons = new double[n];
        double[] lats = new double[n];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            lons[i] = 114 + random.nextDouble() * 0.1;
            lats[i] = 22.5 + random.nextDouble() * 0.1;
            ids[i] = n - i;
        }
        PackedPoints p = new PackedPoints(lons, lats, new long[n], ids);
        for (int q = 0; q < 20; q++) {
            double w = 114 + random.nextDouble() * 0.1;
            double s = 22.5 + random.nextDouble() * 0.1;
            double e = w + random.nextDouble() * 0.03;
            double nn = s + random.nextDouble() * 0.03;
            int expected = 0;
            for (int i = 0; i < n; i++) {
                if (lons[i] >= w && lons[i] <= e && lats[i] >= s && lats[i] <= nn) {
                    expected++;
                }
            }
            int[] found = {0};
            p.forEachIn(w, s, e, nn, i -> {
                assertThat(p.lon(i)).isBetween(w, e);
                found[0]++;
            });
            assertThat(found[0]).isEqualTo(expected);
        }
        int at = p.positionOfId(17);
        assertThat(p.id(at)).isEqualTo(17);
        assertThat(p.lon(at)).isEqualTo(lons[n - 17]);
        assertThat(p.positionOfId(n + 1)).isEqualTo(-1);
    }
}
