package org.gridwatch.basemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TiandituTilesTest {

    private static final String KEY = "0123456789abcdef0123456789ABCDEF";

    @Test
    void aKeyIsThirtyTwoHexadecimalCharacters() {
        assertThat(TiandituTiles.isKey(KEY)).isTrue();
        assertThat(TiandituTiles.isKey("  " + KEY + " ")).isTrue();
        assertThat(TiandituTiles.isKey(KEY.substring(1))).isFalse();
        assertThat(TiandituTiles.isKey(KEY + "0")).isFalse();
        assertThat(TiandituTiles.isKey("0123456789abcdef0123456789abcdeg")).isFalse();
        assertThat(TiandituTiles.isKey("0123456789abcdef&tk=89abcdef0123")).isFalse();
        assertThat(TiandituTiles.isKey(null)).isFalse();
    }

    @Test
    void theTemplateAsksTheWebMercatorWmtsForOneTileWithTheKey() {
        assertThat(TiandituTiles.template("vec", KEY)).isEqualTo("https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS"
                + "&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
                + "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" + KEY);
        assertThatThrownBy(() -> TiandituTiles.template("vec", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TiandituTiles.template("ter", KEY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachBaseIsItsTilesUnderItsAnnotationsInThePagesLanguage() {
        Map<String, Object> zh = TiandituTiles.forPage(KEY, false);
        @SuppressWarnings("unchecked")
        List<String> vector = (List<String>) zh.get("vector");
        @SuppressWarnings("unchecked")
        List<String> imagery = (List<String>) zh.get("imagery");
        assertThat(vector).hasSize(2);
        assertThat(vector.get(0)).contains("/vec_w/").contains("LAYER=vec&");
        assertThat(vector.get(1)).contains("/cva_w/").contains("LAYER=cva&");
        assertThat(imagery.get(0)).contains("/img_w/");
        assertThat(imagery.get(1)).contains("/cia_w/");
        assertThat(zh.get("subdomains")).isEqualTo("01234567");
        @SuppressWarnings("unchecked")
        List<String> english = (List<String>) TiandituTiles.forPage(KEY, true).get("vector");
        assertThat(english.get(1)).contains("/eva_w/").contains("LAYER=eva&");
    }
}
