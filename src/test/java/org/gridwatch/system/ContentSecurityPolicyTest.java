package org.gridwatch.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {

    @Test
    void allowsScriptsAndStylesOnlyFromTheServiceItself() {
        Map<String, String> d = directives(ContentSecurityPolicy.header(null));
        assertThat(d.get("script-src")).isEqualTo("'self'");
        assertThat(d.get("style-src")).isEqualTo("'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='");
        assertThat(d.get("default-src")).isEqualTo("'self'");
        assertThat(d.get("object-src")).isEqualTo("'none'");
        assertThat(d.get("base-uri")).isEqualTo("'self'");
        assertThat(d.get("frame-ancestors")).isEqualTo("'none'");
        assertThat(d.get("form-action")).isEqualTo("'self'");
        assertThat(d.get("connect-src")).isEqualTo("'self' blob:");
        assertThat(d.get("img-src")).isEqualTo("'self' data: blob: https://tile.openstreetmap.org https://*.tianditu.gov.cn");
        assertThat(ContentSecurityPolicy.header(null)).doesNotContain("unsafe");
    }

    @Test
    void addsTheConfiguredTileServerToTheImageSources() {
        assertThat(directives(ContentSecurityPolicy.header("https://tiles.example.cn/{z}/{x}/{y}.png")).get("img-src"))
                .isEqualTo("'self' data: blob: https://tile.openstreetmap.org https://*.tianditu.gov.cn https://tiles.example.cn");
        assertThat(ContentSecurityPolicy.tileSource("http://10.1.2.3:8081/tiles/{z}/{x}/{y}.png"))
                .isEqualTo("http://10.1.2.3:8081");
        assertThat(ContentSecurityPolicy.tileSource("https://{s}.tile.example.cn/{z}/{x}/{y}.png"))
                .isEqualTo("https://*.tile.example.cn");
        assertThat(ContentSecurityPolicy.tileSource("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}"))
                .isEqualTo("https://*.tianditu.gov.cn");
        assertThat(ContentSecurityPolicy.tileSource("//Tiles.Example.cn/{z}/{x}/{y}.png")).isEqualTo("https://tiles.example.cn");
    }

    @Test
    void addsNothingForTilesOnTheServiceItselfOrAnUnusableTemplate() {
        assertThat(ContentSecurityPolicy.tileSource("/tiles/{z}/{x}/{y}.png")).isNull(); // covered by 'self'
        assertThat(ContentSecurityPolicy.tileSource("")).isNull();
        assertThat(ContentSecurityPolicy.tileSource("javascript:alert(1)//{z}")).isNull();
        assertThat(ContentSecurityPolicy.tileSource("https://a.cn; script-src *;/{z}")).isNull();
        assertThat(ContentSecurityPolicy.tileSource("https://user@a.cn/{z}")).isNull();
        assertThat(ContentSecurityPolicy.tileSource("https://{s}.cn/{z}")).isNull(); // would allow a whole TLD
        assertThat(ContentSecurityPolicy.header("https://a.cn; script-src *;/{z}"))
                .isEqualTo(ContentSecurityPolicy.header(null));
    }

    private static Map<String, String> directives(String header) {
        return Arrays.stream(header.split(";")).map(String::trim)
                .collect(Collectors.toMap(s -> s.split(" ", 2)[0], s -> s.split(" ", 2)[1]));
    }
}
