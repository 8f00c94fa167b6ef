package org.gridwatch.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.gridwatch.ogcapi.tiles.WebMercatorQuad;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document at /ogcapi/api against what the service answers: every path mapped under /ogcapi (read
 * from Spring's own handler mappings, so a new endpoint cannot be forgotten) is documented, and every
 * documented path, filled with real values, answers 200 with a media type its document lists.
 */
class OgcApiDocumentedPathsTest extends OgcApiTestSupport {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** A path template with its variables' names dropped: /a/{x}/b → /a/{}/b. */
    private static String shape(String template) {
        String s = template.replaceAll("\\{[^}]*}", "{}");
        return s.isEmpty() ? "/" : s;
    }

    @Test
    void everyPathTheServiceAnswersUnderOgcapiIsInTheOpenApiDocument() throws Exception {
        Set<String> served = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            if (info.getPathPatternsCondition() == null) continue;
            for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
                if (!pattern.equals("/ogcapi") && !pattern.startsWith("/ogcapi/")) continue;
                // The catch-all that answers problem+json 404 for unknown paths, and the trailing-slash landing page.
                if (pattern.equals("/ogcapi/**") || pattern.equals("/ogcapi/")) continue;
                served.add(shape(pattern.substring("/ogcapi".length())));
            }
        }
        assertThat(served).as("paths mapped under /ogcapi").contains("/", "/collections/{}/items",
                "/collections/{}/tiles/{}/{}/{}/{}", "/tiles/{}/{}/{}/{}", "/tileMatrixSets/{}");
        Set<String> documented = new TreeSet<>();
        json("/api").path("paths").propertyNames().forEach(p -> documented.add(shape(p)));
        assertThat(documented).containsAll(served);
    }

    @Test
    void everyDocumentedPathAnswersWithAMediaTypeItsDocumentLists() throws Exception {
        Map<String, Object> f = jdbc.queryForMap("SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM feature "
                + "WHERE type_key = 'trash_bin' ORDER BY id LIMIT 1");
        WebMercatorQuad.Tile t = WebMercatorQuad.tileAt(((Number) f.get("lon")).doubleValue(),
                ((Number) f.get("lat")).doubleValue(), 15);
        JsonNode paths = json("/api").path("paths");
        List<String> checked = new ArrayList<>();
        for (String template : paths.propertyNames()) {
            String path = template.replace("{collectionId}", "trash_bin").replace("{featureId}", String.valueOf(f.get("id")))
                    .replace("{tileMatrixSetId}", WebMercatorQuad.ID).replace("{tileMatrix}", String.valueOf(t.z()))
                    .replace("{tileRow}", String.valueOf(t.y())).replace("{tileCol}", String.valueOf(t.x()));
            assertThat(path).as(template).doesNotContain("{");
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
            String type = r.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", "").trim();
            Set<String> listed = new TreeSet<>();
            paths.path(template).path("get").path("responses").path("200").path("content").propertyNames().forEach(listed::add);
            assertThat(listed).as(template + " answered " + type).anyMatch(m -> m.replaceAll(";.*", "").equals(type));
            checked.add(template);
        }
        assertThat(checked).contains("/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
                "/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", "/tileMatrixSets/{tileMatrixSetId}");
        assertThat(paths.at("/~1tiles~1{tileMatrixSetId}~1{tileMatrix}~1{tileRow}~1{tileCol}/get/responses/200/content")
                .propertyNames()).containsExactly("application/vnd.mapbox-vector-tile");
    }
}
