package org.gridwatch.system;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

import org.gridwatch.map.MapSettings;

/**
 * The Content-Security-Policy the service sends with every response (docs/security.md, section 6). Scripts only
 * from the service's own files: no inline script, no event-handler attributes, no eval, so a name that
 * slipped into the page as HTML still cannot run. Styles only from the service's own files too: the pages
 * set styles through the DOM ({@code element.style}), which CSP allows, so no {@code style="..."}
 * attribute is needed and none is allowed (an injected one could still dress up a fake form).
 * Images may come from the base-map tile servers (OpenStreetMap, Tianditu, and the configured
 * {@code gridwatch.map.tile-url}), {@code data:} (Swagger UI's icons) and {@code blob:} (photos, downloads).
 *
 * <p>Pure: the header value is built once from the tile URL template.
 */
public final class ContentSecurityPolicy {

    /** Host of the public OpenStreetMap tiles ({@link MapSettings#OSM_URL}, also the OGC API pages' map). */
    static final String OSM_TILES = "https://tile.openstreetmap.org";

    /**
     * The one inline style any page needs: the {@code <style>} element of the Swagger UI top bar's logo
     * (swagger-ui-standalone-preset.js, text {@code .logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}}).
     * A hash allows exactly that text and nothing else; after a Swagger UI upgrade that changes it, the
     * logo loses its colours and StoredScriptBrowserTest reports the violation.
     */
    static final String SWAGGER_LOGO_STYLE = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

    /** Hosts of the Tianditu tiles, offered once the admin enters a key (org.gridwatch.basemap.TiandituTiles). */
    static final String TIANDITU_TILES = "https://*.tianditu.gov.cn";

    private static final Pattern HOST = Pattern.compile("(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*");

    private ContentSecurityPolicy() {
    }

    /** The header value for a service whose own tiles are at {@code tileUrl} (an XYZ template, or null for none). */
    public static String header(String tileUrl) {
        String tiles = tileSource(tileUrl);
        return "default-src 'self'; "
                + "script-src 'self'; "
                + "style-src 'self' " + SWAGGER_LOGO_STYLE + "; "
                + "img-src 'self' data: blob: " + OSM_TILES + " " + TIANDITU_TILES + (tiles == null ? "" : " " + tiles) + "; "
                // blob: the route and export downloads are Blob URLs a page (or a test) may read back;
                // only script already running on this origin can make one.
                + "connect-src 'self' blob:; "
                + "font-src 'self'; "
                + "object-src 'none'; "
                + "base-uri 'self'; "
                + "frame-ancestors 'none'; "
                + "form-action 'self'";
    }

    /**
     * The CSP source expression that covers the tile URL template: {@code scheme://host[:port]}, with the
     * labels up to a placeholder ({@code {s}} in {@code https://{s}.tiles.example.cn/...} or
     * {@code https://t{s}.tianditu.gov.cn/...}) widened to {@code *}. Null for no template, a template
     * on the service itself (covered by 'self'), or one that is not a plain http(s) URL (nothing is
     * allowed then, rather than anything a typo could add to the header).
     */
    static String tileSource(String tileUrl) {
        if (tileUrl == null || tileUrl.isBlank()) return null;
        String url = tileUrl.trim();
        if (url.startsWith("//")) url = "https:" + url;
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) return null; // relative: the service's own origin
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) return null;
        int authorityEnd = url.length();
        for (char c : new char[]{'/', '?', '#'}) {
            int i = url.indexOf(c, schemeEnd + 3);
            if (i >= 0) authorityEnd = Math.min(authorityEnd, i);
        }
        String authority = url.substring(schemeEnd + 3, authorityEnd);
        if (authority.contains("@")) return null;
        String host = authority;
        String port = "";
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && !authority.endsWith("}")) {
            host = authority.substring(0, colon);
            port = authority.substring(colon + 1);
            if (!port.chars().allMatch(Character::isDigit) || port.isEmpty()) return null;
            port = ":" + port;
        }
        String[] labels = host.split("\\.", -1);
        int lastPlaceholder = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].contains("{")) lastPlaceholder = i;
        }
        if (lastPlaceholder >= 0) {
            if (lastPlaceholder >= labels.length - 2) return null; // a wildcard over a whole domain: refuse
            host = "*." + String.join(".", Arrays.copyOfRange(labels, lastPlaceholder + 1, labels.length));
        }
        if (!HOST.matcher(host).matches()) return null;
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + port;
    }
}
