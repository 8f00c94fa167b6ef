package org.gridwatch.cases.publicreport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.PublicBaseUrl;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The QR codes that open the residents' page at a grid: one PNG per small grid, and a printable sheet of
 * them all (staff only: signed-in reads). The link is absolute, from {@code gridwatch.public-base-url}
 * when set (a printed sign outlives the address someone happened to reach the service by).
 */
@RestController
class GridQrController {

    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

    private final GridService grids;
    private final PublicBaseUrl baseUrl;
    private final MessageSource messages;

    GridQrController(GridService grids, PublicBaseUrl baseUrl, MessageSource messages) {
        this.grids = grids;
        this.baseUrl = baseUrl;
        this.messages = messages;
    }

    static String reportUrl(String root, String gridCode) {
        return root + "/report.html?grid=" + URLEncoder.encode(gridCode, StandardCharsets.UTF_8);
    }

    /** @param size pixels, 120 to 1200 (default 400) */
    @GetMapping("/api/grids/{code}/qr.png")
    ResponseEntity<byte[]> qr(@PathVariable String code, @RequestParam(defaultValue = "400") int size,
                              HttpServletRequest request) {
        if (size < 120 || size > 1200) {
            throw ApiProblem.badRequest("publicReport.qr.size", "size must be 120 to 1200 pixels", size);
        }
        GridView grid = grids.find(code).orElseThrow(() -> ApiProblem.notFound("publicReport.grid.notFound",
                "no grid " + code, code));
        if (grid.level() != GridLevel.SMALL) {
            throw ApiProblem.badRequest("publicReport.qr.notSmall", "QR codes are made for small grids", code);
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
                .body(GridQrCode.png(reportUrl(baseUrl.root(request), grid.code()), size));
    }

    /** All small grids' codes on A4 pages, grouped by large grid, to print and cut out. */
    @GetMapping("/qr-codes.html")
    ResponseEntity<String> sheet(@RequestParam(required = false) String parent, HttpServletRequest request) {
        Locale locale = LocaleContextHolder.getLocale();
        String root = baseUrl.root(request);
        Map<String, List<GridView>> byParent = new LinkedHashMap<>();
        for (GridView g : grids.list(GridLevel.SMALL, parent, null)) {
            byParent.computeIfAbsent(g.parentCode() == null ? "" : g.parentCode(), k -> new ArrayList<>()).add(g);
        }
        String title = messages.getMessage("publicReport.qr.title", null, "QR codes", locale);
        StringBuilder h = new StringBuilder(1 << 14);
        h.append("<!DOCTYPE html>\n<html lang=\"").append(locale.getLanguage().equals("en") ? "en" : "zh-CN")
                .append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(escape(title)).append("</title>\n")
                .append("<link rel=\"stylesheet\" href=\"css/qr-codes.css\">\n</head>\n<body class=\"qr-sheet\">\n<h1>")
                .append(escape(title)).append("</h1>\n<p class=\"noprint\">")
                .append(escape(messages.getMessage("publicReport.qr.note", null, "", locale))).append("</p>\n");
        for (Map.Entry<String, List<GridView>> e : byParent.entrySet()) {
            h.append("<section class=\"qr-group\" data-parent=\"").append(escape(e.getKey())).append("\">\n<h2>")
                    .append(escape(e.getKey().isEmpty() ? "—" : e.getKey())).append("</h2>\n<div class=\"qr-cards\">\n");
            for (GridView g : e.getValue()) {
                String url = reportUrl(root, g.code());
                h.append("<figure class=\"qr-card\" data-code=\"").append(escape(g.code())).append("\">")
                        .append("<img src=\"api/grids/").append(escape(URLEncoder.encode(g.code(), StandardCharsets.UTF_8)))
                        .append("/qr.png?size=300\" alt=\"").append(escape(g.code())).append("\" width=\"150\" height=\"150\">")
                        .append("<figcaption><strong>").append(escape(g.name())).append("</strong><br>")
                        .append(escape(g.code())).append("<br><span class=\"qr-call\">")
                        .append(escape(messages.getMessage("publicReport.qr.call", null, "", locale)))
                        .append("</span><br><span class=\"qr-url\">").append(escape(url)).append("</span></figcaption></figure>\n");
            }
            h.append("</div>\n</section>\n");
        }
        h.append("</body>\n</html>\n");
        return ResponseEntity.ok().contentType(HTML).body(h.toString());
    }

    static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
