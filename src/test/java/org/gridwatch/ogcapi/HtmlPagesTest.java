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
    void embeddedJsonCannotCloseTheScript() {
        String json = "{\"name\":\"</script><script>alert(1)</script>\"}";
        String safe = HtmlPages.scriptJson(json);
        assertThat(safe).doesNotContain("</script>").doesNotContain("<").contains("\\u003c/script\\u003e");
        String page = HtmlPages.page(TEXTS, "", "<t>", List.of(new HtmlPages.Anchor("/ogcapi", "首页")), null, "",
                "show(" + safe + ");");
        assertThat(page).contains("<title>&lt;t&gt;</title>").contains("/webjars/leaflet/1.9.4/dist/leaflet.js")
                .contains("lang=\"zh-CN\"");
        assertThat(page.indexOf("</script>", page.indexOf("show("))).isEqualTo(page.lastIndexOf("</script>"));
    }
}
