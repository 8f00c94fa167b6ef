package org.gridwatch.ogcapi;

import java.util.List;
import java.util.Map;

/**
 * Small server-rendered pages of the OGC API for a person in a browser: plain HTML, every text escaped,
 * a Leaflet map (from the webjar on the classpath) for a collection, a page of items and one item.
 * GeoJSON for the maps is embedded as an escaped attribute value, never as script, so the pages need
 * no inline script and data can never become markup.
 *
 * <p>Pure and thread-safe.
 */
final class HtmlPages {

    /** Texts in the reader's language. */
    interface Texts {
        String text(String key, Object... args);

        String lang();
    }

    /** A hyperlink shown on a page. */
    record Anchor(String href, String label) {
    }

    static final String LEAFLET_VERSION = "1.9.4";

    private HtmlPages() {
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(Object value) {
        if (value == null) return "";
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * What the page's map shows: GeoJSON written into the page, or a URL the browser reads it from.
     * Either way it reaches the page as an escaped attribute value, read by /js/ogcapi-map.js.
     */
    record MapData(String geojson, String url) {
        static MapData inline(String geojson) {
            return new MapData(geojson, null);
        }

        static MapData fetched(String url) {
            return new MapData(null, url);
        }
    }

    /**
     * A whole page. It holds no inline script and no inline style (the Content-Security-Policy allows
     * neither): its look is /css/ogcapi.css and its map /js/ogcapi-map.js, which reads the data from
     * the {@code #map} element's {@code data-geojson} or {@code data-geojson-url} attribute.
     *
     * @param contextPath the servlet context path, for the webjar and file URLs
     * @param trail       the breadcrumb links, home first
     * @param map         what the map shows, or null for no map
     */
    static String page(Texts t, String contextPath, String title, List<Anchor> trail, String jsonHref, String body,
                       MapData map) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"").append(escape(t.lang())).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(title)).append("</title>");
        if (map != null) {
            String leaflet = contextPath + "/webjars/leaflet/" + LEAFLET_VERSION + "/dist/";
            h.append("<link rel=\"stylesheet\" href=\"").append(escape(leaflet)).append("leaflet.css\">")
                    .append("<script src=\"").append(escape(leaflet)).append("leaflet.js\"></script>")
                    .append("<script src=\"").append(escape(contextPath)).append("/js/ogcapi-map.js\" defer></script>");
        }
        h.append("<link rel=\"stylesheet\" href=\"").append(escape(contextPath)).append("/css/ogcapi.css\"></head><body>");
        h.append("<nav>");
        for (int i = 0; i < trail.size(); i++) {
            if (i > 0) h.append(" › ");
            Anchor a = trail.get(i);
            h.append("<a href=\"").append(escape(a.href())).append("\">").append(escape(a.label())).append("</a>");
        }
        if (jsonHref != null) {
            h.append("<span class=\"formats\"><a href=\"").append(escape(jsonHref)).append("\">")
                    .append(escape(t.text("ogcapi.html.json"))).append("</a></span>");
        }
        h.append("</nav><h1>").append(escape(title)).append("</h1>");
        if (map != null) {
            h.append("<div id=\"map\" ").append(map.geojson() != null ? "data-geojson" : "data-geojson-url").append("=\"")
                    .append(escape(map.geojson() != null ? map.geojson() : map.url())).append("\"></div>");
        }
        h.append(body);
        h.append("</body></html>\n");
        return h.toString();
    }

    /** A two-column table of property names (escaped) and values (escaped). */
    static String propertyTable(Texts t, Map<String, ?> values) {
        StringBuilder h = new StringBuilder("<table><tr><th>").append(escape(t.text("ogcapi.html.property")))
                .append("</th><th>").append(escape(t.text("ogcapi.html.value"))).append("</th></tr>");
        values.forEach((k, v) -> h.append("<tr><td>").append(escape(k)).append("</td><td>").append(escape(display(v)))
                .append("</td></tr>"));
        return h.append("</table>").toString();
    }

    /** How a property value reads in a table cell. */
    static String display(Object v) {
        if (v == null) return "";
        if (v instanceof org.gridwatch.geo.GeoJsonWriter.RawJson raw) return raw.json();
        return String.valueOf(v);
    }

    static String link(String href, String label) {
        return "<a href=\"" + escape(href) + "\">" + escape(label) + "</a>";
    }
}
