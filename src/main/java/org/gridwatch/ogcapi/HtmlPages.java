package org.gridwatch.ogcapi;

import java.util.List;
import java.util.Map;

/**
 * Small server-rendered pages of the OGC API for a person in a browser: plain HTML, every text escaped,
 * a Leaflet map (from the webjar on the classpath) for a collection, a page of items and one item.
 * GeoJSON for the maps is embedded as a script literal with {@code <}, {@code >} and {@code &} written
 * as JSON escapes, so data can never close the script element.
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

    /** Makes JSON text safe inside a script element (these characters only occur inside JSON strings). */
    static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    /**
     * A whole page.
     *
     * @param contextPath the servlet context path, for the webjar URLs
     * @param trail       the breadcrumb links, home first
     * @param mapScript   JavaScript that fills {@code #map} (given the variable {@code map}), or null for no map
     */
    static String page(Texts t, String contextPath, String title, List<Anchor> trail, String jsonHref, String body,
                       String mapScript) {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"").append(escape(t.lang())).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(title)).append("</title>");
        if (mapScript != null) {
            String leaflet = contextPath + "/webjars/leaflet/" + LEAFLET_VERSION + "/dist/";
            h.append("<link rel=\"stylesheet\" href=\"").append(escape(leaflet)).append("leaflet.css\">")
                    .append("<script src=\"").append(escape(leaflet)).append("leaflet.js\"></script>");
        }
        h.append("<style>body{font-family:system-ui,\"PingFang SC\",\"Microsoft YaHei\",sans-serif;margin:0 auto;"
                + "max-width:1100px;padding:0 1em;color:#222}nav{margin:1em 0;color:#555}nav a{margin-right:.3em}"
                + "table{border-collapse:collapse;width:100%;margin:1em 0}td,th{border:1px solid #ddd;padding:.3em .5em;"
                + "text-align:left;vertical-align:top}th{background:#f4f4f4}#map{height:420px;margin:1em 0;border:1px solid #ccc}"
                + "code{background:#f4f4f4;padding:0 .2em}.formats{float:right}</style></head><body>");
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
        if (mapScript != null) {
            h.append("<div id=\"map\"></div>");
        }
        h.append(body);
        if (mapScript != null) {
            h.append("<script>(function(){var map=L.map('map');")
                    // Leaflet works in (lat, lon); L.geoJSON reads GeoJSON's (lon, lat) itself.
                    .append("L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png',{maxZoom:19,")
                    .append("attribution:'&copy; OpenStreetMap contributors'}).addTo(map);")
                    .append("map.setView([22.54,114.06],12);")
                    .append("function show(data){var layer=L.geoJSON(data,{style:{weight:2},")
                    .append("pointToLayer:function(f,ll){return L.circleMarker(ll,{radius:5});},")
                    .append("onEachFeature:function(f,l){if(f.id!==undefined){var d=document.createElement('span');")
                    .append("d.textContent=(f.properties&&f.properties.name?f.properties.name+' ':'')+'('+f.id+')';")
                    .append("l.bindPopup(d);}}}).addTo(map);var b=layer.getBounds();if(b.isValid())map.fitBounds(b,{maxZoom:18});}")
                    .append(mapScript).append("})();</script>");
        }
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
