package org.gridwatch.ogcapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;
import org.gridwatch.ogcapi.tiles.WebMercatorQuad;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Envelope;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import tools.jackson.databind.json.JsonMapper;

import static org.gridwatch.ogcapi.OpenApiDocument.map;

/**
 * OGC API – Tiles 1.0 under {@code /ogcapi}: Mapbox vector tiles of each collection and of all of them
 * together (the dataset tileset, one layer per collection, for a map), in the WebMercatorQuad tile matrix
 * set, with the tile matrix set, tileset lists and tileset metadata as JSON.
 */
@RestController
@RequestMapping("/ogcapi")
class TilesController {

    static final MediaType MVT = MediaType.parseMediaType(OpenApiDocument.MVT_MEDIA_TYPE);

    /** Added to the conformance declaration of the OGC API. */
    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
            "http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
            "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset");

    static final String REL_TILING_SCHEME = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";
    static final String REL_TILING_SCHEMES = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes";
    static final String REL_TILESETS_VECTOR = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";
    private static final String TILE_TEMPLATE = "/{tileMatrix}/{tileRow}/{tileCol}";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TileService tiles;
    private final OgcApiService service;

    TilesController(TileService tiles, OgcApiService service) {
        this.tiles = tiles;
        this.service = service;
    }

    /** Links of the landing page to the tiles resources. */
    static List<Map<String, Object>> landingLinks(String base) {
        return List.of(
                link(base + "/tileMatrixSets?f=json", REL_TILING_SCHEMES, "application/json", "Tile matrix sets"),
                link(base + "/tiles?f=json", REL_TILESETS_VECTOR, "application/json", "Vector tiles of all collections"));
    }

    /** Link of a collection to its vector tilesets. */
    static Map<String, Object> collectionLink(String base, String collectionId) {
        return link(base + "/collections/" + collectionId + "/tiles?f=json", REL_TILESETS_VECTOR, "application/json",
                "Vector tiles of this collection");
    }

    // ---------------------------------------------------------------- tile matrix sets

    @GetMapping("/tileMatrixSets")
    ResponseEntity<byte[]> tileMatrixSets(HttpServletRequest request) {
        checkJsonRequest(request);
        String base = base();
        return json(map("links", List.of(link(base + "/tileMatrixSets?f=json", "self", "application/json", "Tile matrix sets")),
                "tileMatrixSets", List.of(map("id", WebMercatorQuad.ID, "title", "Google Maps Compatible for the World",
                        "uri", WebMercatorQuad.URI, "crs", WebMercatorQuad.CRS, "links", List.of(link(base + "/tileMatrixSets/"
                                + WebMercatorQuad.ID + "?f=json", "self", "application/json", WebMercatorQuad.ID))))));
    }

    @GetMapping("/tileMatrixSets/{tmsId}")
    ResponseEntity<byte[]> tileMatrixSet(@PathVariable String tmsId, HttpServletRequest request) {
        checkJsonRequest(request);
        tileMatrixSetId(tmsId);
        Map<String, Object> doc = new LinkedHashMap<>(WebMercatorQuad.definition());
        doc.put("links", List.of(link(base() + "/tileMatrixSets/" + WebMercatorQuad.ID + "?f=json", "self",
                "application/json", WebMercatorQuad.ID)));
        return json(doc);
    }

    // ---------------------------------------------------------------- dataset tilesets (all collections)

    @GetMapping("/tiles")
    ResponseEntity<byte[]> datasetTilesets(HttpServletRequest request) {
        checkJsonRequest(request);
        String href = base() + "/tiles";
        return json(tilesetList(href, title(null)));
    }

    @GetMapping("/tiles/{tmsId}")
    ResponseEntity<byte[]> datasetTileset(@PathVariable String tmsId, HttpServletRequest request) {
        checkJsonRequest(request);
        tileMatrixSetId(tmsId);
        return json(tileset(base() + "/tiles", title(null), service.collections()));
    }

    @GetMapping("/tiles/{tmsId}/{z}/{y}/{x}")
    ResponseEntity<byte[]> datasetTile(@PathVariable String tmsId, @PathVariable String z, @PathVariable String y,
                                       @PathVariable String x, HttpServletRequest request) {
        checkTileRequest(request);
        tileMatrixSetId(tmsId);
        WebMercatorQuad.Tile t = tile(z, y, x);
        return mvt(tiles.tile(service.collections(), t));
    }

    // ---------------------------------------------------------------- collection tilesets

    @GetMapping("/collections/{collectionId}/tiles")
    ResponseEntity<byte[]> collectionTilesets(@PathVariable String collectionId, HttpServletRequest request) {
        checkJsonRequest(request);
        CollectionSpec c = service.collection(collectionId);
        return json(tilesetList(base() + "/collections/" + c.id() + "/tiles", title(c)));
    }

    @GetMapping("/collections/{collectionId}/tiles/{tmsId}")
    ResponseEntity<byte[]> collectionTileset(@PathVariable String collectionId, @PathVariable String tmsId,
                                             HttpServletRequest request) {
        checkJsonRequest(request);
        CollectionSpec c = service.collection(collectionId);
        tileMatrixSetId(tmsId);
        return json(tileset(base() + "/collections/" + c.id() + "/tiles", title(c), List.of(c)));
    }

    @GetMapping("/collections/{collectionId}/tiles/{tmsId}/{z}/{y}/{x}")
    ResponseEntity<byte[]> collectionTile(@PathVariable String collectionId, @PathVariable String tmsId,
                                          @PathVariable String z, @PathVariable String y, @PathVariable String x,
                                          HttpServletRequest request) {
        checkTileRequest(request);
        CollectionSpec c = service.collection(collectionId);
        tileMatrixSetId(tmsId);
        WebMercatorQuad.Tile t = tile(z, y, x);
        return mvt(tiles.tile(List.of(c), t));
    }

    // ---------------------------------------------------------------- documents

    private Map<String, Object> tilesetList(String tilesHref, String title) {
        String tileset = tilesHref + "/" + WebMercatorQuad.ID;
        Map<String, Object> entry = map("title", title, "dataType", "vector", "crs", WebMercatorQuad.CRS,
                "tileMatrixSetURI", WebMercatorQuad.URI, "links", List.of(
                        link(tileset + "?f=json", "self", "application/json", title),
                        link(base() + "/tileMatrixSets/" + WebMercatorQuad.ID + "?f=json", REL_TILING_SCHEME,
                                "application/json", WebMercatorQuad.ID)));
        return map("links", List.of(link(tilesHref + "?f=json", "self", "application/json", title)),
                "tilesets", List.of(entry));
    }

    /** TileSet metadata (OGC 2D TMS 2.0 / OGC API – Tiles): links, tile URL template, one vector layer per collection. */
    private Map<String, Object> tileset(String tilesHref, String title, List<CollectionSpec> collections) {
        String self = tilesHref + "/" + WebMercatorQuad.ID;
        Locale locale = LocaleContextHolder.getLocale();
        List<Object> layers = new ArrayList<>();
        Envelope all = new Envelope();
        for (CollectionSpec c : collections) {
            Map<String, Object> props = new LinkedHashMap<>();
            tileProperties(c).forEach((name, type) -> props.put(name, map("type", type)));
            Map<String, Object> layer = map("id", c.id(), "title", c.title(locale), "dataType", "vector",
                    "geometryDimension", switch (c.kind()) {
                        case GRIDS -> 2;
                        case STREETS -> 1;
                        case FEATURES -> 0;
                    },
                    "minTileMatrix", String.valueOf(TileService.minZoom(c)),
                    "maxTileMatrix", String.valueOf(WebMercatorQuad.MAX_ZOOM),
                    "propertiesSchema", map("type", "object", "properties", props));
            layers.add(layer);
            Envelope e = service.extent(c).bbox();
            if (e != null) all.expandToInclude(e);
        }
        Map<String, Object> doc = map("title", title, "dataType", "vector", "crs", WebMercatorQuad.CRS,
                "tileMatrixSetURI", WebMercatorQuad.URI);
        doc.put("links", List.of(
                link(self + "?f=json", "self", "application/json", title),
                link(base() + "/tileMatrixSets/" + WebMercatorQuad.ID + "?f=json", REL_TILING_SCHEME, "application/json",
                        WebMercatorQuad.ID),
                map("href", self + TILE_TEMPLATE, "rel", "item", "type", MVT.toString(), "templated", true,
                        "title", "Mapbox vector tiles")));
        if (!all.isNull()) {
            doc.put("boundingBox", map("lowerLeft", List.of(all.getMinX(), all.getMinY()),
                    "upperRight", List.of(all.getMaxX(), all.getMaxY()), "crs", CrsRegistry.CRS84));
        }
        doc.put("layers", layers);
        return doc;
    }

    /** The attributes a collection's tile features carry, with their JSON Schema types. */
    static Map<String, String> tileProperties(CollectionSpec c) {
        Map<String, String> p = new LinkedHashMap<>();
        switch (c.kind()) {
            case GRIDS -> {
                p.put("code", "string");
                p.put("name", "string");
                p.put("level", "string");
                p.put("parentCode", "string");
            }
            case STREETS -> {
                p.put("name", "string");
                p.put("class", "string");
            }
            case FEATURES -> {
                p.put("type", "string");
                p.put("count", "integer");
                p.put("name", "string");
                p.put("status", "string");
                p.put("gridCode", "string");
            }
        }
        return p;
    }

    private static String title(CollectionSpec c) {
        Locale locale = LocaleContextHolder.getLocale();
        boolean en = CollectionSpec.isEnglish(locale);
        if (c == null) return en ? "All layers" : "全部图层";
        return c.title(locale);
    }

    // ---------------------------------------------------------------- parameters

    private static void tileMatrixSetId(String id) {
        if (!WebMercatorQuad.ID.equals(id)) {
            throw ApiProblem.notFound("ogcapi.tiles.tmsNotFound", "no tile matrix set '" + id
                    + "'; supported: " + WebMercatorQuad.ID, id, WebMercatorQuad.ID);
        }
    }

    /** {@code z}: a tile matrix of the set (else 400); {@code y, x}: a row and column of it (else 404). */
    static WebMercatorQuad.Tile tile(String z, String y, String x) {
        int level;
        try {
            level = Integer.parseInt(z);
        } catch (NumberFormatException e) {
            level = -1;
        }
        if (level < 0 || level > WebMercatorQuad.MAX_ZOOM) {
            throw ApiProblem.badRequest("ogcapi.tiles.zoomInvalid", "tileMatrix must be an integer 0-"
                    + WebMercatorQuad.MAX_ZOOM + " (got " + z + ")", String.valueOf(WebMercatorQuad.MAX_ZOOM), z);
        }
        long row = parseLong(y), col = parseLong(x);
        if (!WebMercatorQuad.valid(level, col, row)) {
            long max = (1L << level) - 1;
            throw ApiProblem.notFound("ogcapi.tiles.outOfRange", "tile matrix " + level + " has no row " + y
                    + " column " + x + "; rows and columns are 0-" + max, String.valueOf(level), y, x, String.valueOf(max));
        }
        return new WebMercatorQuad.Tile(level, (int) col, (int) row);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void checkJsonRequest(HttpServletRequest request) {
        checkParameters(request);
        String f = request.getParameter("f");
        if (f != null && !f.trim().equalsIgnoreCase("json")) {
            throw ApiProblem.badRequest("ogcapi.tiles.formatUnsupported", "unsupported format f=" + f + "; this resource "
                    + "is served as json", f, "json");
        }
    }

    private static void checkTileRequest(HttpServletRequest request) {
        checkParameters(request);
        String f = request.getParameter("f");
        if (f != null && !f.trim().equalsIgnoreCase("mvt")) {
            throw ApiProblem.badRequest("ogcapi.tiles.formatUnsupported", "unsupported format f=" + f + "; tiles "
                    + "are served as mvt", f, "mvt");
        }
    }

    private static void checkParameters(HttpServletRequest request) {
        for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
            if (!p.getKey().equals("f")) {
                String list = String.join(", ", new TreeSet<>(Set.of("f")));
                throw ApiProblem.badRequest("ogcapi.parameter.unknown", "unknown query parameter '" + p.getKey()
                        + "'; accepted: " + list, p.getKey(), list);
            }
            if (p.getValue().length > 1) {
                throw ApiProblem.badRequest("ogcapi.parameter.repeated", "query parameter '" + p.getKey()
                        + "' may appear only once", p.getKey());
            }
        }
    }

    // ---------------------------------------------------------------- responses

    private static Map<String, Object> link(String href, String rel, String type, String title) {
        return map("href", href, "rel", rel, "type", type, "title", title);
    }

    private static String base() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/ogcapi").build().toUriString();
    }

    private static ResponseEntity<byte[]> json(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsBytes(body));
    }

    /** An empty tile is a tile without layers: zero bytes, which MVT readers take as an empty tile. */
    private static ResponseEntity<byte[]> mvt(byte[] tile) {
        return ResponseEntity.ok().contentType(MVT).body(tile);
    }
}
