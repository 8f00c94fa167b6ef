package org.gridwatch.summary;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.gridwatch.inspection.DensityIndexCalculator;
import org.gridwatch.inspection.DensityService;
import org.gridwatch.inspection.LevelGrader;
import org.gridwatch.inspection.TrendWeeks;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Draws the work summary's pictures as PNG with Java2D (headless): the weekly trend chart (one panel
 * per indicator; a week without enough data is a gap, never a point) and the map (small grids coloured
 * by density level, with a quartic-kernel heatmap of the positive breeding sites). Pure: every input
 * is an argument; stateless and thread-safe.
 */
public final class SummaryCharts {

    /** The indicators the trend chart shows, one panel each. */
    public static final List<String> TREND_INDICATORS = List.of("rodent_path_index", "mosquito_small_water_path_index",
            "fly_breeding_site_positive_rate");

    /** Level colours, the same as the map's (green A to red below C; grey for not assessed). */
    static final Map<String, Color> GRADE_COLORS = Map.of("A", new Color(0x1a9850), "B", new Color(0xa6d96a),
            "C", new Color(0xfdae61), "FAIL", new Color(0xd73027), "INSUFFICIENT", new Color(0xbdbdbd));

    /** One small grid of the map and its overall grade (A, B, C, FAIL or INSUFFICIENT). */
    public record GridShape(String code, Geometry geometry, String grade) {
    }

    private static final Font FONT = cjkFont();

    private SummaryCharts() {
    }

    /**
     * The grade a grid is coloured by: FAIL when the verdict fails, the worst vector level when all
     * four vectors were assessed and pass, else INSUFFICIENT (a grid with a vector not assessed is not
     * shown as passing).
     */
    public static String overallGrade(DensityIndexCalculator.Result r) {
        if (r.verdict() == LevelGrader.Verdict.FAIL) return "FAIL";
        if (r.verdict() != LevelGrader.Verdict.PASS) return "INSUFFICIENT";
        return LevelGrader.worst(r.vectors().values()).name();
    }

    /**
     * @param weeks      the trend, oldest first
     * @param indicators the indicator keys to draw, one panel each
     * @param labels     indicator key → title of its panel
     */
    public static byte[] trendPng(List<DensityService.TrendWeek> weeks, List<String> indicators, Map<String, String> labels) {
        int width = 900;
        int panelH = 170;
        BufferedImage img = new BufferedImage(width, panelH * indicators.size() + 10, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = canvas(img);
        for (int p = 0; p < indicators.size(); p++) {
            String key = indicators.get(p);
            int top = 10 + p * panelH;
            int left = 70;
            int right = width - 20;
            int plotTop = top + 24;
            int plotBottom = top + panelH - 34;
            g.setColor(Color.BLACK);
            g.setFont(FONT.deriveFont(Font.BOLD, 15f));
            g.drawString(labels.getOrDefault(key, key), left, top + 14);
            Double[] values = new Double[weeks.size()];
            double max = 0;
            for (int i = 0; i < weeks.size(); i++) {
                DensityIndexCalculator.Indicator ind = weeks.get(i).result().indicators().stream()
                        .filter(x -> x.key().equals(key)).findFirst().orElse(null);
                values[i] = ind != null && TrendWeeks.enoughData(ind) ? ind.value() : null;
                if (values[i] != null) max = Math.max(max, values[i]);
            }
            double top2 = niceCeiling(max);
            g.setFont(FONT.deriveFont(12f));
            g.setColor(new Color(0x90a4ae));
            g.drawLine(left, plotBottom, right, plotBottom);
            g.drawLine(left, plotTop, left, plotBottom);
            g.setColor(Color.DARK_GRAY);
            g.drawString(format(0), left - 40, plotBottom + 4);
            g.drawString(format(top2), left - 40, plotTop + 8);
            int n = weeks.size();
            java.util.function.IntUnaryOperator x = i -> n <= 1 ? (left + right) / 2 : left + (int) Math.round((double) i * (right - left) / (n - 1));
            java.util.function.DoubleUnaryOperator y = v -> plotBottom - v / top2 * (plotBottom - plotTop);
            g.setColor(new Color(0x1565c0));
            g.setStroke(new BasicStroke(2f));
            for (int i = 1; i < n; i++) {
                // a week without enough data breaks the line
                if (values[i - 1] != null && values[i] != null) {
                    g.drawLine(x.applyAsInt(i - 1), (int) y.applyAsDouble(values[i - 1]), x.applyAsInt(i),
                            (int) y.applyAsDouble(values[i]));
                }
            }
            for (int i = 0; i < n; i++) {
                if (values[i] != null) {
                    g.fillOval(x.applyAsInt(i) - 4, (int) y.applyAsDouble(values[i]) - 4, 8, 8);
                } else {
                    g.setColor(new Color(0xbdbdbd));
                    g.drawLine(x.applyAsInt(i), plotBottom - 3, x.applyAsInt(i), plotBottom + 3);
                    g.setColor(new Color(0x1565c0));
                }
            }
            g.setColor(Color.DARK_GRAY);
            if (n > 0) {
                g.drawString(weeks.get(0).weekStart().toString(), left, plotBottom + 18);
                String last = weeks.get(n - 1).weekStart().toString();
                g.drawString(last, right - g.getFontMetrics().stringWidth(last), plotBottom + 18);
            }
        }
        g.dispose();
        return png(img);
    }

    /**
     * @param grids the small grids with their grades (lon/lat)
     * @param sites positive breeding sites, each {lon, lat}
     */
    public static byte[] mapPng(List<GridShape> grids, List<double[]> sites) {
        int width = 900;
        int height = 700;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = canvas(img);
        Envelope env = new Envelope();
        grids.forEach(s -> env.expandToInclude(s.geometry().getEnvelopeInternal()));
        int legendH = 40;
        if (env.isNull()) {
            g.dispose();
            return png(img);
        }
        // Equirectangular with the east-west scale of the middle latitude: fine at district size.
        double kx = Math.cos(Math.toRadians((env.getMinY() + env.getMaxY()) / 2));
        double w = Math.max(env.getWidth() * kx, 1e-9);
        double h = Math.max(env.getHeight(), 1e-9);
        double scale = Math.min((width - 40) / w, (height - legendH - 40) / h);
        double ox = (width - w * scale) / 2;
        double oy = (height - legendH - h * scale) / 2;
        java.util.function.DoubleUnaryOperator px = lon -> ox + (lon - env.getMinX()) * kx * scale;
        java.util.function.DoubleUnaryOperator py = lat -> oy + (env.getMaxY() - lat) * scale;
        for (GridShape s : grids) {
            Path2D path = path(s.geometry(), px, py);
            Color c = GRADE_COLORS.getOrDefault(s.grade(), GRADE_COLORS.get("INSUFFICIENT"));
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 170));
            g.fill(path);
            g.setColor(new Color(0x607d8b));
            g.setStroke(new BasicStroke(0.8f));
            g.draw(path);
        }
        heat(img, sites, px, py);
        // legend
        int lx = 20;
        int ly = height - legendH + 12;
        g.setFont(FONT.deriveFont(13f));
        for (String grade : List.of("A", "B", "C", "FAIL", "INSUFFICIENT")) {
            g.setColor(GRADE_COLORS.get(grade));
            g.fillRect(lx, ly, 18, 14);
            g.setColor(Color.DARK_GRAY);
            String label = switch (grade) {
                case "FAIL" -> "< C";
                case "INSUFFICIENT" -> "未评估 n/a";
                default -> grade;
            };
            g.drawString(label, lx + 24, ly + 12);
            lx += 34 + g.getFontMetrics().stringWidth(label) + 14;
        }
        g.setColor(new Color(200, 0, 0));
        g.fillOval(lx, ly, 14, 14);
        g.setColor(Color.DARK_GRAY);
        g.drawString("孳生地 breeding sites", lx + 20, ly + 12);
        g.dispose();
        return png(img);
    }

    /** A quartic-kernel density of the sites (radius 30 px) laid over the map in red, alpha by density. */
    private static void heat(BufferedImage img, List<double[]> sites, java.util.function.DoubleUnaryOperator px,
                             java.util.function.DoubleUnaryOperator py) {
        if (sites.isEmpty()) return;
        int w = img.getWidth();
        int h = img.getHeight();
        int r = 30;
        float[] density = new float[w * h];
        float peak = 0;
        for (double[] s : sites) {
            int cx = (int) Math.round(px.applyAsDouble(s[0]));
            int cy = (int) Math.round(py.applyAsDouble(s[1]));
            for (int y = Math.max(0, cy - r); y < Math.min(h, cy + r + 1); y++) {
                for (int x = Math.max(0, cx - r); x < Math.min(w, cx + r + 1); x++) {
                    double d2 = ((double) (x - cx) * (x - cx) + (double) (y - cy) * (y - cy)) / ((double) r * r);
                    if (d2 >= 1) continue;
                    float k = (float) ((1 - d2) * (1 - d2));
                    density[y * w + x] += k;
                    peak = Math.max(peak, density[y * w + x]);
                }
            }
        }
        for (int i = 0; i < density.length; i++) {
            if (density[i] <= 0) continue;
            float a = Math.min(1f, density[i] / peak) * 0.8f;
            int rgb = img.getRGB(i % w, i / w);
            int red = (int) (((rgb >> 16) & 0xff) * (1 - a) + 200 * a);
            int green = (int) (((rgb >> 8) & 0xff) * (1 - a));
            int blue = (int) ((rgb & 0xff) * (1 - a));
            img.setRGB(i % w, i / w, (red << 16) | (green << 8) | blue);
        }
    }

    private static Path2D path(Geometry geometry, java.util.function.DoubleUnaryOperator px,
                               java.util.function.DoubleUnaryOperator py) {
        Path2D.Double p = new Path2D.Double(Path2D.WIND_EVEN_ODD);
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            if (!(geometry.getGeometryN(i) instanceof Polygon poly)) continue;
            ring(p, poly.getExteriorRing().getCoordinates(), px, py);
            for (int k = 0; k < poly.getNumInteriorRing(); k++) ring(p, poly.getInteriorRingN(k).getCoordinates(), px, py);
        }
        return p;
    }

    private static void ring(Path2D.Double p, Coordinate[] cs, java.util.function.DoubleUnaryOperator px,
                             java.util.function.DoubleUnaryOperator py) {
        for (int i = 0; i < cs.length; i++) {
            double x = px.applyAsDouble(cs[i].x);
            double y = py.applyAsDouble(cs[i].y);
            if (i == 0) p.moveTo(x, y);
            else p.lineTo(x, y);
        }
        p.closePath();
    }

    private static java.awt.Graphics2D canvas(BufferedImage img) {
        java.awt.Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }

    private static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double niceCeiling(double value) {
        if (!(value > 0)) return 1;
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[]{1, 2, 2.5, 5, 10}) if (step * power >= value - 1e-12) return step * power;
        return 10 * power;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    /** A font that shows Chinese (WenQuanYi, Noto CJK, ... when installed), else the logical SansSerif. */
    private static Font cjkFont() {
        System.setProperty("java.awt.headless", "true");
        try {
            for (String family : GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()) {
                Font f = new Font(family, Font.PLAIN, 12);
                if (f.canDisplayUpTo("鼠密度孳生地") == -1 && !family.startsWith("Dialog")) return f;
            }
        } catch (RuntimeException | Error e) {
            // no font configuration on a bare server: fall back to the logical font
        }
        return new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    }
}
