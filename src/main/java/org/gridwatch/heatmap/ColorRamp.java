package org.gridwatch.heatmap;

import java.util.ArrayList;
import java.util.List;

/**
 * The one colour ramp of every heatmap: a density of exactly zero is transparent, any positive
 * density is coloured from pale yellow through orange to dark red (ColorBrewer YlOrRd), reaching the
 * darkest colour at the scale's maximum and staying there above it. Colours are quantised to 255
 * steps so that a tile can be an indexed PNG: palette index 0 is transparent, 1 to 255 the ramp.
 *
 * <p>Immutable and thread-safe.
 */
public final class ColorRamp {

    /** Fraction of the maximum, colour #rrggbb, opacity 0-1, at each stop. */
    public record Stop(double fraction, String color, double opacity) {
    }

    private static final List<Stop> STOPS = List.of(
            new Stop(0.0, "#ffffb2", 0.45),
            new Stop(0.2, "#fed976", 0.70),
            new Stop(0.4, "#feb24c", 0.80),
            new Stop(0.6, "#fd8d3c", 0.88),
            new Stop(0.8, "#f03b20", 0.94),
            new Stop(1.0, "#bd0026", 1.00));

    public static final ColorRamp DEFAULT = new ColorRamp(STOPS);

    private final List<Stop> stops;
    private final byte[] red = new byte[256];
    private final byte[] green = new byte[256];
    private final byte[] blue = new byte[256];
    private final byte[] alpha = new byte[256];

    private ColorRamp(List<Stop> stops) {
        this.stops = List.copyOf(stops);
        for (int index = 1; index < 256; index++) {
            double t = (index - 1) / 254.0;
            int s = 0;
            while (s < stops.size() - 2 && t > stops.get(s + 1).fraction()) {
                s++;
            }
            Stop a = stops.get(s);
            Stop b = stops.get(s + 1);
            double f = (t - a.fraction()) / (b.fraction() - a.fraction());
            int ca = Integer.parseInt(a.color().substring(1), 16);
            int cb = Integer.parseInt(b.color().substring(1), 16);
            red[index] = (byte) Math.round(lerp(ca >> 16 & 0xff, cb >> 16 & 0xff, f));
            green[index] = (byte) Math.round(lerp(ca >> 8 & 0xff, cb >> 8 & 0xff, f));
            blue[index] = (byte) Math.round(lerp(ca & 0xff, cb & 0xff, f));
            alpha[index] = (byte) Math.round(255 * lerp(a.opacity(), b.opacity(), f));
        }
    }

    private static double lerp(double a, double b, double f) {
        return a + (b - a) * f;
    }

    public List<Stop> stops() {
        return stops;
    }

    /** Palette index of a density on a scale whose maximum is {@code max} (&gt; 0): 0 only for density ≤ 0. */
    public int index(double density, double max) {
        if (!(density > 0)) {
            return 0;
        }
        double t = Math.min(1, density / max);
        return 1 + (int) Math.round(t * 254);
    }

    /** Palette indexes of a whole raster. */
    public byte[] indexes(float[] densities, double max) {
        byte[] out = new byte[densities.length];
        float scale = (float) (254 / max);
        for (int i = 0; i < densities.length; i++) {
            float v = densities[i];
            if (v > 0) {
                out[i] = (byte) (1 + Math.round(Math.min(254f, v * scale)));
            }
        }
        return out;
    }

    /** The ARGB colour of a palette index. */
    public int argb(int index) {
        return (alpha[index] & 0xff) << 24 | (red[index] & 0xff) << 16 | (green[index] & 0xff) << 8 | (blue[index] & 0xff);
    }

    /** The legend: each stop's density on a scale whose maximum is {@code max}, colour and opacity. */
    public List<LegendBreak> legend(double max) {
        List<LegendBreak> out = new ArrayList<>();
        for (Stop s : stops) {
            out.add(new LegendBreak(s.fraction() * max, s.fraction(), s.color(), s.opacity()));
        }
        return out;
    }

    /** One legend entry: a density (features per km²), its fraction of the maximum, colour, opacity. */
    public record LegendBreak(double value, double fraction, String color, double opacity) {
    }

    byte[] red() {
        return red.clone();
    }

    byte[] green() {
        return green.clone();
    }

    byte[] blue() {
        return blue.clone();
    }

    byte[] alpha() {
        return alpha.clone();
    }
}
