package org.gridwatch.coverage;

import java.nio.charset.StandardCharsets;

import org.gridwatch.geo.CsvCells;

/**
 * The coverage table as CSV (RFC 4180): UTF-8 with a byte-order mark, because Excel on Chinese Windows
 * reads a BOM-less file as GBK and garbles the grid names. One row per grid, then a 全区/district row.
 */
final class CoverageCsv {

    private CoverageCsv() {
    }

    static byte[] write(CoverageService.Table t) {
        StringBuilder out = new StringBuilder(256 + t.rows().size() * 160);
        out.append('\uFEFF');
        out.append("code,name,parentCode,areaM2");
        for (String type : t.types()) out.append(",count_").append(type);
        for (String type : t.types()) out.append(",densityPerKm2_").append(type);
        out.append(",coveredShare,uncoveredAreaM2\r\n");
        for (CoverageService.Row r : t.rows()) line(r, t, out);
        line(new CoverageService.Row("district", "全区", null, t.district().areaM2(), t.district().counts(),
                t.district().densityPerKm2(), t.district().coveredShare(), t.district().uncoveredAreaM2()), t, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(CoverageService.Row r, CoverageService.Table t, StringBuilder out) {
        field(r.code(), out);
        out.append(',');
        field(r.name(), out);
        out.append(',');
        field(r.parentCode(), out);
        out.append(',').append(number(CoverageController.round(r.areaM2(), 100)));
        for (String type : t.types()) out.append(',').append(r.counts().get(type));
        for (String type : t.types()) out.append(',').append(number(CoverageController.round(r.densityPerKm2().get(type), 1000)));
        out.append(',').append(number(CoverageController.round(r.coveredShare(), 1e6)));
        out.append(',').append(number(CoverageController.round(r.uncoveredAreaM2(), 100)));
        out.append("\r\n");
    }

    /** A plain decimal (never 1.0E7, which Excel would keep as text). */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static void field(String s, StringBuilder out) {
        CsvCells.append(s, out);
    }
}
