package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HtmlPagesTest {

    private static final HtmlPages.Texts TEXTS = new HtmlPages.Texts() {
        @Override
        public String text(String key, Object... args) {
            return key;
        }

        @Override
        public String lang() {
            return "zh-CN";
        }
    };

    @Test
    void escapesMarkupInTextAndAttributes() {
        assertThat(HtmlPages.escape("<script>alert('x')</script> & \"q\""))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
        String table = HtmlPages.propertyTable(TEXTS, Map.of("<b>", "<img src=x onerror=alert(1)>"));
        assertThat(table).doesNotContain("<img").doesNotContain("<b>").contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(HtmlPages.link("/a?x=1&y=\"2\"", "<i>")).isEqualTo("<a href=\"/a?x=1&amp;y=&quot;2&quot;\">&lt;i&gt;</a>");
    }

    @Test
    void mapDataIsAnEscapedAttributeAndThePageHasNoInlineScriptOrStyle() {
        String json = "{\"name\":\"\\\"><script>alert(1)</script>\"}";
        String page = HtmlPages.page(TEXTS, "/ctx", "<t>", List.of(new HtmlPages.Anchor("/ogcapi", "首页")), null, "",
                HtmlPages.MapData.inline(json));
        assertThat(page).contains("<title>&lt;t&gt;</title>").contains("/ctx/webjars/leaflet/1.9.4/dist/leaflet.js")
                .contains("lang=\"zh-CN\"").contains("<script src=\"/ctx/js/ogcapi-map.js\" defer></script>")
                .contains("<link rel=\"stylesheet\" href=\"/ctx/css/ogcapi.css\">")
                .contains("data-geojson=\"{&quot;name&quot;:&quot;\\&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;}\"")
                .doesNotContain("<style").doesNotContain("<script>");
        // Every script element has a src (the CSP allows no inline script).
        assertThat(page.split("<script").length - 1).isEqualTo(page.split("<script src=").length - 1).isEqualTo(2);

        String fetched = HtmlPages.page(TEXTS, "", "t", List.of(), null, "", HtmlPages.MapData.fetched("/o/items?f=json&limit=9"));
        assertThat(fetched).contains("<div id=\"map\" data-geojson-url=\"/o/items?f=json&amp;limit=9\"></div>");
        assertThat(HtmlPages.page(TEXTS, "", "t", List.of(), null, "", null)).doesNotContain("<script").doesNotContain("id=\"map\"");
    }
}
