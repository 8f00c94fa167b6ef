package org.gridwatch.ogcapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the OpenAPI 3.0 description of {@code /ogcapi} (the {@code service-desc} of the landing page)
 * as nested maps ready for a JSON writer. Besides the generic
 * {@code /collections/{collectionId}/items} it lists one items path per collection with that
 * collection's filterable properties as query parameters: that is how clients such as GDAL's OAPIF
 * driver learn which attribute filters they may send to the server.
 *
 * <p>Pure and thread-safe.
 */
final class OpenApiDocument {

    /** Mapbox Vector Tiles, as TilesController serves them (a plain string: this class stays free of Spring). */
    static final String MVT_MEDIA_TYPE = "application/vnd.mapbox-vector-tile";

    static final String MEDIA_TYPE = "application/vnd.oai.openapi+json;version=3.0";
    private static final String REF_PARAMS = "#/components/parameters/";

    private OpenApiDocument() {
    }

    static Map<String, Object> build(String serverUrl, String title, String description, List<CollectionSpec> collections,
                                     List<String> crsUris, int defaultLimit, int maxLimit) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", map("title", title, "description", description, "version", "1.0.0",
                "license", map("name", "Proprietary, for the district's staff")));
        doc.put("servers", List.of(map("url", serverUrl)));
        doc.put("tags", List.of(map("name", "Capabilities"), map("name", "Data"), map("name", "Vector Tiles")));

        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("/", get("Capabilities", "getLandingPage", "Landing page", List.of(ref("f")),
                jsonOrHtml("The landing page with links to the API definition, conformance and collections",
                        "landingPage")));
        paths.put("/conformance", get("Capabilities", "getConformanceDeclaration", "Conformance classes implemented",
                List.of(ref("f")), jsonOrHtml("The conformance classes this server implements", "confClasses")));
        paths.put("/api", get("Capabilities", "getApiDescription", "This API definition", List.of(ref("f")),
                responses(map("200", map("description", "The OpenAPI 3.0 definition of this API",
                        "content", map(MEDIA_TYPE, map("schema", map("type", "object")),
                                "text/html", map("schema", map("type", "string"))))))));
        paths.put("/collections", get("Capabilities", "getCollections", "The feature collections",
                List.of(ref("f")), jsonOrHtml("The collections of this server", "collections")));
        paths.put("/collections/{collectionId}", get("Capabilities", "describeCollection",
                "Metadata of one collection: extent, CRS list, links", List.of(ref("collectionId"), ref("f")),
                jsonOrHtmlOr404("The collection", "collection")));
        paths.put("/collections/{collectionId}/queryables", get("Capabilities", "getQueryables",
                "The properties of a collection that filters may name (JSON Schema)",
                List.of(ref("collectionId"), ref("f")), schemaResponse("The queryables")));
        paths.put("/collections/{collectionId}/schema", get("Capabilities", "getSchema",
                "The properties of the items of a collection (JSON Schema)",
                List.of(ref("collectionId"), ref("f")), schemaResponse("The schema")));
        paths.put("/collections/{collectionId}/items", itemsPath("getFeatures", "Items of a collection",
                List.of(ref("collectionId")), Map.of(), true));
        // Every items operation accepts datetime (/req/core/fc-time-definition); streets, having no times, match none.
        for (CollectionSpec c : collections) {
            paths.put("/collections/" + c.id() + "/items", itemsPath("getFeatures_" + c.id(),
                    "Items of " + c.titleEn() + " (" + c.titleZh() + ")", List.of(), c.queryables(), true));
        }
        paths.put("/collections/{collectionId}/items/{featureId}", get("Data", "getFeature", "One item",
                List.of(ref("collectionId"), ref("featureId"), ref("crs"), ref("f")),
                responses(map("200", map("description", "The item (GeoJSON Feature)",
                                "headers", map("Content-Crs", map("$ref", "#/components/headers/Content-Crs")),
                                "content", map("application/geo+json", map("schema", map("$ref", "#/components/schemas/featureGeoJSON")),
                                        "text/html", map("schema", map("type", "string")))),
                        "400", map("$ref", "#/components/responses/InvalidParameter"),
                        "404", map("$ref", "#/components/responses/NotFound")))));
        tilePaths(paths);
        doc.put("paths", paths);
        Map<String, Object> components = components(crsUris, defaultLimit, maxLimit);
        tileComponents(components);
        doc.put("components", components);
        return doc;
    }

    /** OGC API – Tiles: tile matrix sets, the dataset's and each collection's tilesets, and the MVT tiles. */
    private static void tilePaths(Map<String, Object> paths) {
        String tag = "Vector Tiles";
        paths.put("/tileMatrixSets", get(tag, "getTileMatrixSetsList", "The tile matrix sets tiles are offered in",
                List.of(ref("fTileJson")), tileJson("The tile matrix sets", false)));
        paths.put("/tileMatrixSets/{tileMatrixSetId}", get(tag, "getTileMatrixSet",
                "A tile matrix set (OGC Two Dimensional Tile Matrix Set 2.0 JSON)",
                List.of(ref("tileMatrixSetId"), ref("fTileJson")), tileJson("The tile matrix set", true)));
        paths.put("/tiles", get(tag, "getDatasetVectorTilesetsList", "The tilesets of all collections together",
                List.of(ref("fTileJson")), tileJson("The tilesets (one per tile matrix set)", false)));
        paths.put("/tiles/{tileMatrixSetId}", get(tag, "describeDatasetVectorTileset",
                "The tileset of all collections: tile URL template and one layer per collection",
                List.of(ref("tileMatrixSetId"), ref("fTileJson")), tileJson("The tileset metadata", true)));
        paths.put("/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", get(tag, "getDatasetVectorTile",
                "A Mapbox vector tile of all collections, one layer each",
                List.of(ref("tileMatrixSetId"), ref("tileMatrix"), ref("tileRow"), ref("tileCol"), ref("fTile")), tile()));
        paths.put("/collections/{collectionId}/tiles", get(tag, "getCollectionVectorTilesetsList",
                "The tilesets of a collection", List.of(ref("collectionId"), ref("fTileJson")),
                tileJson("The tilesets (one per tile matrix set)", true)));
        paths.put("/collections/{collectionId}/tiles/{tileMatrixSetId}", get(tag, "describeCollectionVectorTileset",
                "The tileset of a collection: tile URL template and its layer",
                List.of(ref("collectionId"), ref("tileMatrixSetId"), ref("fTileJson")), tileJson("The tileset metadata", true)));
        paths.put("/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", get(tag,
                "getCollectionVectorTile", "A Mapbox vector tile of a collection",
                List.of(ref("collectionId"), ref("tileMatrixSetId"), ref("tileMatrix"), ref("tileRow"), ref("tileCol"),
                        ref("fTile")), tile()));
    }

    private static Map<String, Object> tileJson(String description, boolean or404) {
        Map<String, Object> r = responses(map("200", map("description", description,
                        "content", map("application/json", map("schema", map("type", "object")))),
                "400", map("$ref", "#/components/responses/InvalidParameter")));
        if (or404) r.put("404", map("$ref", "#/components/responses/NotFound"));
        return r;
    }

    private static Map<String, Object> tile() {
        return responses(map("200", map("description", "The tile (Mapbox Vector Tile 2.1); zero bytes when it holds nothing. "
                        + "Points are clustered where a tile would hold too many, with their number in the attribute count",
                        "content", map(MVT_MEDIA_TYPE, map("schema", map("type", "string", "format", "binary")))),
                "400", map("$ref", "#/components/responses/InvalidParameter"),
                "404", map("$ref", "#/components/responses/NotFound")));
    }

    private static void tileComponents(Map<String, Object> components) {
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) components.get("parameters");
        params.put("tileMatrixSetId", map("name", "tileMatrixSetId", "in", "path", "required", true,
                "description", "The tile matrix set", "schema", map("type", "string", "enum", List.of(org.gridwatch.ogcapi.tiles.WebMercatorQuad.ID))));
        params.put("tileMatrix", map("name", "tileMatrix", "in", "path", "required", true,
                "description", "The zoom level (0-" + org.gridwatch.ogcapi.tiles.WebMercatorQuad.MAX_ZOOM + ")",
                "schema", map("type", "string", "pattern", "^[0-9]+$")));
        params.put("tileRow", map("name", "tileRow", "in", "path", "required", true,
                "description", "The row of the tile, from the top", "schema", map("type", "integer", "minimum", 0)));
        params.put("tileCol", map("name", "tileCol", "in", "path", "required", true,
                "description", "The column of the tile, from the west", "schema", map("type", "integer", "minimum", 0)));
        params.put("fTileJson", map("name", "f", "in", "query", "required", false,
                "description", "The representation: json", "schema", map("type", "string", "enum", List.of("json")),
                "style", "form", "explode", false));
        params.put("fTile", map("name", "f", "in", "query", "required", false,
                "description", "The representation: mvt", "schema", map("type", "string", "enum", List.of("mvt")),
                "style", "form", "explode", false));
    }

    private static Map<String, Object> itemsPath(String operationId, String summary, List<Object> leading,
                                                 Map<String, CollectionSpec.Property> queryables, boolean withTime) {
        List<Object> params = new ArrayList<>(leading);
        params.add(ref("limit"));
        params.add(ref("bbox"));
        params.add(ref("bbox-crs"));
        params.add(ref("crs"));
        if (withTime) params.add(ref("datetime"));
        params.add(ref("filter"));
        params.add(ref("filter-lang"));
        params.add(ref("filter-crs"));
        params.add(ref("cursor"));
        params.add(ref("f"));
        queryables.forEach((name, p) -> {
            Map<String, Object> schema = map("type", p.type());
            if (p.format() != null) schema.put("format", p.format());
            params.add(map("name", name, "in", "query", "required", false,
                    "description", "Only items whose property " + name + " equals this value",
                    "schema", schema, "style", "form", "explode", false));
        });
        return get("Data", operationId, summary, params,
                responses(map("200", map("description", "A page of items (GeoJSON FeatureCollection) with a next link when more follow",
                                "headers", map("Content-Crs", map("$ref", "#/components/headers/Content-Crs")),
                                "content", map("application/geo+json", map("schema", map("$ref", "#/components/schemas/featureCollectionGeoJSON")),
                                        "text/html", map("schema", map("type", "string")))),
                        "400", map("$ref", "#/components/responses/InvalidParameter"),
                        "404", map("$ref", "#/components/responses/NotFound"))));
    }

    private static Map<String, Object> components(List<String> crsUris, int defaultLimit, int maxLimit) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("f", map("name", "f", "in", "query", "required", false,
                "description", "The representation: json (default) or html; overrides the Accept header",
                "schema", map("type", "string", "enum", List.of("json", "html")), "style", "form", "explode", false));
        params.put("collectionId", map("name", "collectionId", "in", "path", "required", true,
                "description", "large_grids, small_grids, streets or a feature type key", "schema", map("type", "string")));
        params.put("featureId", map("name", "featureId", "in", "path", "required", true,
                "description", "The grid code, or the street or feature number", "schema", map("type", "string")));
        params.put("limit", map("name", "limit", "in", "query", "required", false,
                "description", "Items per page; more than the maximum returns the maximum", "style", "form", "explode", false,
                "schema", map("type", "integer", "minimum", 1, "maximum", maxLimit, "default", defaultLimit)));
        params.put("bbox", map("name", "bbox", "in", "query", "required", false,
                "description", "Only items meeting this box: lower corner then upper corner, in the axis order of bbox-crs "
                        + "(CRS84: minLon,minLat,maxLon,maxLat)", "style", "form", "explode", false,
                "schema", map("type", "array", "minItems", 4, "maxItems", 6, "items", map("type", "number"))));
        params.put("bbox-crs", map("name", "bbox-crs", "in", "query", "required", false,
                "description", "The CRS of bbox (default CRS84)", "style", "form", "explode", false,
                "schema", map("type", "string", "format", "uri", "enum", crsUris)));
        params.put("crs", map("name", "crs", "in", "query", "required", false,
                "description", "The CRS of the response geometries (default CRS84), axis order as the CRS defines",
                "style", "form", "explode", false, "schema", map("type", "string", "format", "uri", "enum", crsUris)));
        params.put("datetime", map("name", "datetime", "in", "query", "required", false,
                "description", "Creation time: an instant, a date or an interval start/end with .. for an open end",
                "style", "form", "explode", false, "schema", map("type", "string")));
        params.put("filter", map("name", "filter", "in", "query", "required", false,
                "description", "A CQL2 filter on the queryables of the collection, in cql2-text (default) or cql2-json: "
                        + "comparisons, LIKE, BETWEEN, IN, IS NULL, the S_* spatial functions on the property geometry "
                        + "and T_INTERSECTS on createdAt", "style", "form", "explode", false, "schema", map("type", "string")));
        params.put("filter-lang", map("name", "filter-lang", "in", "query", "required", false,
                "description", "The language of filter", "style", "form", "explode", false,
                "schema", map("type", "string", "enum", List.of("cql2-text", "cql2-json"), "default", "cql2-text")));
        params.put("filter-crs", map("name", "filter-crs", "in", "query", "required", false,
                "description", "The CRS of the geometries in filter (default CRS84)", "style", "form", "explode", false,
                "schema", map("type", "string", "format", "uri", "enum", crsUris)));
        params.put("cursor", map("name", "cursor", "in", "query", "required", false,
                "description", "Where the page starts; set by the next link", "style", "form", "explode", false,
                "schema", map("type", "integer", "format", "int64", "minimum", 0)));

        Map<String, Object> link = map("type", "object", "required", List.of("href", "rel"),
                "properties", map("href", map("type", "string"), "rel", map("type", "string"),
                        "type", map("type", "string"), "title", map("type", "string")));
        Map<String, Object> links = map("type", "array", "items", map("$ref", "#/components/schemas/link"));
        Map<String, Object> schemas = new LinkedHashMap<>();
        schemas.put("link", link);
        schemas.put("exception", map("type", "object", "required", List.of("title"),
                "properties", map("type", map("type", "string"), "title", map("type", "string"),
                        "status", map("type", "integer"), "detail", map("type", "string"), "code", map("type", "string"))));
        schemas.put("landingPage", map("type", "object", "required", List.of("links"),
                "properties", map("title", map("type", "string"), "description", map("type", "string"), "links", links)));
        schemas.put("confClasses", map("type", "object", "required", List.of("conformsTo"),
                "properties", map("conformsTo", map("type", "array", "items", map("type", "string")))));
        schemas.put("collection", map("type", "object", "required", List.of("id", "links"),
                "properties", map("id", map("type", "string"), "title", map("type", "string"),
                        "description", map("type", "string"), "links", links,
                        "extent", map("type", "object"), "itemType", map("type", "string"),
                        "crs", map("type", "array", "items", map("type", "string")),
                        "storageCrs", map("type", "string"))));
        schemas.put("collections", map("type", "object", "required", List.of("links", "collections"),
                "properties", map("links", links, "collections", map("type", "array",
                        "items", map("$ref", "#/components/schemas/collection")))));
        schemas.put("featureGeoJSON", map("type", "object", "required", List.of("type", "geometry", "properties"),
                "properties", map("type", map("type", "string", "enum", List.of("Feature")),
                        "geometry", map("type", "object", "nullable", true),
                        "properties", map("type", "object", "nullable", true),
                        "id", map("oneOf", List.of(map("type", "string"), map("type", "integer"))),
                        "links", links)));
        schemas.put("featureCollectionGeoJSON", map("type", "object", "required", List.of("type", "features"),
                "properties", map("type", map("type", "string", "enum", List.of("FeatureCollection")),
                        "features", map("type", "array", "items", map("$ref", "#/components/schemas/featureGeoJSON")),
                        "links", links, "timeStamp", map("type", "string", "format", "date-time"),
                        "numberMatched", map("type", "integer", "minimum", 0),
                        "numberReturned", map("type", "integer", "minimum", 0))));

        Map<String, Object> problem = map("application/problem+json", map("schema", map("$ref", "#/components/schemas/exception")));
        Map<String, Object> responses = map(
                "InvalidParameter", map("description", "A query parameter is unknown or has an invalid value", "content", problem),
                "NotFound", map("description", "The collection or item does not exist", "content", problem));
        Map<String, Object> headers = map("Content-Crs", map("description",
                "The CRS of the geometries in the response, as <uri>", "schema", map("type", "string")));
        return map("parameters", params, "schemas", schemas, "responses", responses, "headers", headers);
    }

    private static Map<String, Object> jsonOrHtml(String description, String schema) {
        return responses(map("200", map("description", description,
                "content", map("application/json", map("schema", map("$ref", "#/components/schemas/" + schema)),
                        "text/html", map("schema", map("type", "string")))),
                "400", map("$ref", "#/components/responses/InvalidParameter")));
    }

    private static Map<String, Object> jsonOrHtmlOr404(String description, String schema) {
        Map<String, Object> r = jsonOrHtml(description, schema);
        r.put("404", map("$ref", "#/components/responses/NotFound"));
        return r;
    }

    private static Map<String, Object> schemaResponse(String description) {
        return responses(map("200", map("description", description,
                        "content", map("application/schema+json", map("schema", map("type", "object")),
                                "text/html", map("schema", map("type", "string")))),
                "404", map("$ref", "#/components/responses/NotFound")));
    }

    private static Map<String, Object> responses(Map<String, Object> r) {
        return r;
    }

    private static Map<String, Object> get(String tag, String operationId, String summary, List<Object> params,
                                           Map<String, Object> responses) {
        Map<String, Object> op = map("tags", List.of(tag), "summary", summary, "operationId", operationId);
        if (!params.isEmpty()) op.put("parameters", params);
        op.put("responses", responses);
        return map("get", op);
    }

    private static Map<String, Object> ref(String parameter) {
        return map("$ref", REF_PARAMS + parameter);
    }

    /** An insertion-ordered map from alternating keys and values. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
