package org.gridwatch.ogcapi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import jakarta.servlet.http.HttpServletRequest;
import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.PublicBaseUrl;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;

import static org.gridwatch.ogcapi.OpenApiDocument.map;

/**
 * OGC API – Features under {@code /ogcapi}: parses and checks parameters, negotiates JSON or HTML
 * ({@code f} first, then the Accept header; JSON by default) and writes the responses.
 */
@RestController
@RequestMapping("/ogcapi")
class OgcApiController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;

    static final List<String> CONFORMANCE = withTiles(List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
            "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
            "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/property-property"));

    static final String TRS_GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian";
    static final MediaType GEO_JSON = MediaType.parseMediaType("application/geo+json");
    static final MediaType OPENAPI_JSON = MediaType.parseMediaType(OpenApiDocument.MEDIA_TYPE);
    static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");
    static final MediaType HTML_UTF8 = MediaType.parseMediaType("text/html;charset=UTF-8");
    private static final Set<String> ITEM_PARAMETERS = Set.of("f", "limit", "bbox", "bbox-crs", "crs", "datetime", "cursor",
            "filter", "filter-lang", "filter-crs");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    enum Format { JSON, HTML }

    private final OgcApiService service;
    private final MessageSource messages;
    private final CrsRegistry crsRegistry = CrsRegistry.standard();
    private final ItemQuery itemQuery = new ItemQuery(crsRegistry);

    private final PublicBaseUrl publicBase;

    OgcApiController(OgcApiService service, MessageSource messages, PublicBaseUrl publicBase) {
        this.publicBase = publicBase;
        this.service = service;
        this.messages = messages;
    }

    // ---------------------------------------------------------------- landing page, conformance, API

    @GetMapping({"", "/"})
    ResponseEntity<byte[]> landing(HttpServletRequest request) {
        checkParameters(request, Set.of("f"));
        Format format = format(request);
        HtmlPages.Texts t = texts();
        String base = base();
        if (format == Format.HTML) {
            StringBuilder body = new StringBuilder();
            body.append("<p>").append(HtmlPages.escape(t.text("ogcapi.html.description"))).append("</p><ul>")
                    .append("<li>").append(HtmlPages.link(base + "/collections?f=html", t.text("ogcapi.html.collections"))).append("</li>")
                    .append("<li>").append(HtmlPages.link(base + "/conformance?f=html", t.text("ogcapi.html.conformance"))).append("</li>")
                    .append("<li>").append(HtmlPages.link(base + "/api?f=html", t.text("ogcapi.html.api"))).append("</li></ul>")
                    .append("<p>").append(HtmlPages.escape(t.text("ogcapi.html.howto"))).append(" <code>")
                    .append(HtmlPages.escape(base)).append("</code></p>");
            return html(HtmlPages.page(t, contextPath(request), t.text("ogcapi.html.title"),
                    List.of(new HtmlPages.Anchor(base + "?f=html", t.text("ogcapi.html.home"))), base + "?f=json",
                    body.toString(), null));
        }
        Map<String, Object> doc = map("title", t.text("ogcapi.html.title"), "description", t.text("ogcapi.html.description"),
                "links", List.of(
                        link(base + "?f=json", "self", "application/json", "ogcapi.link.thisDocument"),
                        link(base + "?f=html", "alternate", "text/html", "ogcapi.link.thisDocumentHtml"),
                        link(base + "/api?f=json", "service-desc", OpenApiDocument.MEDIA_TYPE, "ogcapi.link.apiDefinition"),
                        link(base + "/api?f=html", "service-doc", "text/html", "ogcapi.link.apiDocumentation"),
                        link(base + "/conformance?f=json", "conformance", "application/json", "ogcapi.link.conformance"),
                        link(base + "/collections?f=json", "data", "application/json", "ogcapi.link.collections")));
        // OGC API – Tiles: links to the tile matrix sets and the vector tiles of all collections
        doc.put("links", concat((List<?>) doc.get("links"), TilesController.landingLinks(base)));
        return json(doc, MediaType.APPLICATION_JSON);
    }

    @GetMapping("/conformance")
    ResponseEntity<byte[]> conformance(HttpServletRequest request) {
        checkParameters(request, Set.of("f"));
        String base = base();
        if (format(request) == Format.HTML) {
            HtmlPages.Texts t = texts();
            StringBuilder body = new StringBuilder("<ul>");
            CONFORMANCE.forEach(c -> body.append("<li>").append(HtmlPages.link(c, c)).append("</li>"));
            body.append("</ul>");
            return html(HtmlPages.page(t, contextPath(request), t.text("ogcapi.html.conformance"), trail(t, base),
                    base + "/conformance?f=json", body.toString(), null));
        }
        return json(map("conformsTo", CONFORMANCE), MediaType.APPLICATION_JSON);
    }

    @GetMapping("/api")
    ResponseEntity<byte[]> api(HttpServletRequest request) {
        checkParameters(request, Set.of("f"));
        HtmlPages.Texts t = texts();
        String base = base();
        Map<String, Object> doc = OpenApiDocument.build(base, t.text("ogcapi.html.title"), t.text("ogcapi.html.description"),
                service.collections(), crsRegistry.uris(), DEFAULT_LIMIT, MAX_LIMIT);
        if (format(request) == Format.HTML) {
            StringBuilder body = new StringBuilder("<table><tr><th>").append(HtmlPages.escape(t.text("ogcapi.html.path")))
                    .append("</th><th>").append(HtmlPages.escape(t.text("ogcapi.html.operation"))).append("</th></tr>");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Map<String, Object>>> paths = (Map<String, Map<String, Map<String, Object>>>) doc.get("paths");
            paths.forEach((path, item) -> body.append("<tr><td><code>GET ").append(HtmlPages.escape(path))
                    .append("</code></td><td>").append(HtmlPages.escape(item.get("get").get("summary"))).append("</td></tr>"));
            body.append("</table>");
            return html(HtmlPages.page(t, contextPath(request), t.text("ogcapi.html.api"), trail(t, base),
                    base + "/api?f=json", body.toString(), null));
        }
        return json(doc, OPENAPI_JSON);
    }

    // ---------------------------------------------------------------- collections

    @GetMapping("/collections")
    ResponseEntity<byte[]> collections(HttpServletRequest request) {
        checkParameters(request, Set.of("f"));
        Format format = format(request);
        String base = base();
        Locale locale = LocaleContextHolder.getLocale();
        List<CollectionSpec> all = service.collections();
        if (format == Format.HTML) {
            HtmlPages.Texts t = texts();
            StringBuilder body = new StringBuilder("<table><tr><th>id</th><th>")
                    .append(HtmlPages.escape(t.text("ogcapi.html.collection"))).append("</th><th>")
                    .append(HtmlPages.escape(t.text("ogcapi.html.items"))).append("</th></tr>");
            for (CollectionSpec c : all) {
                String href = base + "/collections/" + c.id();
                body.append("<tr><td>").append(HtmlPages.link(href + "?f=html", c.id())).append("</td><td>")
                        .append(HtmlPages.escape(c.title(locale))).append("<br><small>")
                        .append(HtmlPages.escape(description(c, t))).append("</small></td><td>")
                        .append(HtmlPages.link(href + "/items?f=html", t.text("ogcapi.html.items"))).append("</td></tr>");
            }
            body.append("</table>");
            return html(HtmlPages.page(t, contextPath(request), t.text("ogcapi.html.collections"), trail(t, base),
                    base + "/collections?f=json", body.toString(), null));
        }
        List<Object> list = new ArrayList<>();
        for (CollectionSpec c : all) list.add(collectionJson(c, base, locale));
        return json(map("links", List.of(
                        link(base + "/collections?f=json", "self", "application/json", "ogcapi.link.collections"),
                        link(base + "/collections?f=html", "alternate", "text/html", "ogcapi.link.collectionsHtml")),
                "collections", list), MediaType.APPLICATION_JSON);
    }

    @GetMapping("/collections/{collectionId}")
    ResponseEntity<byte[]> collection(@PathVariable String collectionId, HttpServletRequest request) {
        checkParameters(request, Set.of("f"));
        Format format = format(request);
        CollectionSpec c = service.collection(collectionId);
        String base = base();
        Locale locale = LocaleContextHolder.getLocale();
        if (format == Format.HTML) {
            HtmlPages.Texts t = texts();
            String href = base + "/collections/" + c.id();
            OgcQueries.Extent extent = service.extent(c);
            StringBuilder body = new StringBuilder("<p>").append(HtmlPages.escape(description(c, t))).append("</p><ul>")
                    .append("<li>").append(HtmlPages.link(href + "/items?f=html", t.text("ogcapi.html.items"))).append("</li>")
                    .append("<li>").append(HtmlPages.link(href + "/items?f=json", t.text("ogcapi.html.geojson"))).append("</li>")
                    .append("<li>").append(HtmlPages.link(href + "/queryables?f=html", t.text("ogcapi.html.queryables"))).append("</li></ul>");
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put(t.text("ogcapi.html.extent"), extent.bbox() == null ? t.text("ogcapi.html.noData")
                    : String.format(Locale.ROOT, "%.6f, %.6f – %.6f, %.6f (CRS84)", extent.bbox().getMinX(),
                    extent.bbox().getMinY(), extent.bbox().getMaxX(), extent.bbox().getMaxY()));
            if (extent.firstCreated() != null) {
                facts.put(t.text("ogcapi.html.timeExtent"), extent.firstCreated() + " – " + extent.lastCreated());
            }
            facts.put(t.text("ogcapi.html.storageCrs"), CrsRegistry.CRS84);
            facts.put(t.text("ogcapi.html.crs"), String.join(", ", crsRegistry.uris()));
            body.append(HtmlPages.propertyTable(t, facts));
            // The map shows the collection's first items (read by the browser as GeoJSON) over its extent.
            return html(HtmlPages.page(t, contextPath(request), c.title(locale) + " (" + c.id() + ")",
                    trail(t, base, new HtmlPages.Anchor(base + "/collections?f=html", t.text("ogcapi.html.collections"))),
                    href + "?f=json", body.toString(), HtmlPages.MapData.fetched(href + "/items?f=json&limit=1000")));
        }
        return json(collectionJson(c, base, locale), MediaType.APPLICATION_JSON);
    }

    @GetMapping({"/collections/{collectionId}/queryables", "/collections/{collectionId}/schema"})
    ResponseEntity<byte[]> queryables(@PathVariable String collectionId, HttpServletRequest request) {
        checkParameters(request, Set.of("f"));
        Format format = format(request);
        CollectionSpec c = service.collection(collectionId);
        boolean onlyQueryables = request.getRequestURI().endsWith("/queryables");
        Map<String, CollectionSpec.Property> props = onlyQueryables ? c.queryables() : c.properties();
        Locale locale = LocaleContextHolder.getLocale();
        String self = base() + "/collections/" + c.id() + (onlyQueryables ? "/queryables" : "/schema");
        if (format == Format.HTML) {
            HtmlPages.Texts t = texts();
            StringBuilder body = new StringBuilder("<table><tr><th>").append(HtmlPages.escape(t.text("ogcapi.html.property")))
                    .append("</th><th>").append(HtmlPages.escape(t.text("ogcapi.html.type"))).append("</th><th></th></tr>");
            body.append("<tr><td><code>").append(CollectionSpec.GEOMETRY).append("</code></td><td>")
                    .append(HtmlPages.escape(c.geometryFormat())).append("</td><td>")
                    .append(HtmlPages.escape(t.text("ogcapi.html.geometry"))).append("</td></tr>");
            props.forEach((name, p) -> body.append("<tr><td><code>").append(HtmlPages.escape(name)).append("</code></td><td>")
                    .append(HtmlPages.escape(p.type() + (p.format() == null ? "" : " (" + p.format() + ")")))
                    .append("</td><td>").append(HtmlPages.escape(CollectionSpec.isEnglish(locale) ? p.titleEn() : p.titleZh()))
                    .append("</td></tr>"));
            body.append("</table>");
            String base = base();
            return html(HtmlPages.page(t, contextPath(request), c.title(locale) + " — "
                            + (onlyQueryables ? t.text("ogcapi.html.queryables") : "JSON Schema"),
                    trail(t, base, new HtmlPages.Anchor(base + "/collections/" + c.id() + "?f=html", c.title(locale))),
                    self + "?f=json", body.toString(), null));
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        // The geometry first, as a GeoJSON geometry of the collection's type (Part 3, /req/queryables/geometry).
        properties.put(CollectionSpec.GEOMETRY, map("title", texts().text("ogcapi.html.geometry"),
                "format", c.geometryFormat(), "x-ogc-role", "primary-geometry",
                "$ref", "https://geojson.org/schema/" + c.geometryType() + ".json"));
        props.forEach((name, p) -> {
            Map<String, Object> s = map("title", CollectionSpec.isEnglish(locale) ? p.titleEn() : p.titleZh(), "type", p.type());
            if (p.format() != null) s.put("format", p.format());
            if (name.equals(CollectionSpec.TIME) && c.hasTime()) s.put("x-ogc-role", "primary-instant");
            properties.put(name, s);
        });
        Map<String, Object> schema = map("$schema", "https://json-schema.org/draft/2020-12/schema", "$id", self,
                "type", "object", "title", c.title(locale), "properties", properties);
        if (onlyQueryables) schema.put("additionalProperties", false);
        return json(schema, SCHEMA_JSON);
    }

    // ---------------------------------------------------------------- items

    @GetMapping("/collections/{collectionId}/items")
    ResponseEntity<byte[]> items(@PathVariable String collectionId, HttpServletRequest request) {
        CollectionSpec c = service.collection(collectionId);
        Set<String> allowed = new LinkedHashSet<>(ITEM_PARAMETERS);
        allowed.addAll(c.queryables().keySet());
        checkParameters(request, allowed);
        Format format = format(request);
        int limit = limit(request.getParameter("limit"));
        OgcCrs responseCrs = crs(request.getParameter("crs"));
        ItemFilter filter = itemQuery.read(c, request::getParameter);
        Long cursor = cursor(request.getParameter("cursor"));
        OgcApiService.ItemPage page = service.items(c, filter, cursor, limit, true);

        if (format == Format.HTML) {
            return html(itemsHtml(c, page, request));
        }
        String self = requestUrl(request, Map.of("f", "json"));
        List<Object> links = new ArrayList<>();
        links.add(link(self, "self", "application/geo+json", "ogcapi.link.thisPage"));
        links.add(link(requestUrl(request, Map.of("f", "html")), "alternate", "text/html", "ogcapi.link.thisPageHtml"));
        if (page.nextCursor() != null) {
            links.add(link(requestUrl(request, Map.of("f", "json", "cursor", page.nextCursor().toString())), "next",
                    "application/geo+json", "ogcapi.link.next"));
        }
        links.add(link(base() + "/collections/" + c.id() + "?f=json", "collection", "application/json", "ogcapi.link.collection"));
        StringBuilder out = new StringBuilder(page.items().size() * 450 + 512);
        GeoJsonWriter.FeatureCollectionWriter writer = new GeoJsonWriter.FeatureCollectionWriter(out).begin();
        UnaryOperator<Geometry> toCrs = responseCrs.fromWgs84();
        for (OgcItem item : page.items()) {
            writer.feature(item.id(), toCrs.apply(item.geometry()), item.properties());
        }
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("links", links);
        members.put("timeStamp", Instant.now().toString());
        page.numberMatched().ifPresent(n -> members.put("numberMatched", n));
        members.put("numberReturned", page.items().size());
        writer.end(members);
        return ResponseEntity.ok().contentType(GEO_JSON).header("Content-Crs", "<" + responseCrs.uri() + ">")
                .body(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/collections/{collectionId}/items/{featureId}")
    ResponseEntity<byte[]> item(@PathVariable String collectionId, @PathVariable String featureId,
                                HttpServletRequest request) {
        CollectionSpec c = service.collection(collectionId);
        checkParameters(request, Set.of("f", "crs"));
        Format format = format(request);
        OgcCrs responseCrs = crs(request.getParameter("crs"));
        OgcItem item = service.item(c, featureId);
        String base = base();
        String href = base + "/collections/" + c.id() + "/items/" + urlEncode(String.valueOf(item.id()));
        if (format == Format.HTML) {
            HtmlPages.Texts t = texts();
            Locale locale = LocaleContextHolder.getLocale();
            Map<String, Object> props = new LinkedHashMap<>();
            props.put(t.text("ogcapi.html.id"), item.id());
            props.putAll(item.properties());
            String geojson = GeoJsonWriter.feature(item.id(), item.geometry(), item.properties());
            Object name = item.properties().get("name");
            return html(HtmlPages.page(t, contextPath(request), (name == null ? "" : name + " ") + "(" + item.id() + ")",
                    trail(t, base, new HtmlPages.Anchor(base + "/collections/" + c.id() + "?f=html", c.title(locale)),
                            new HtmlPages.Anchor(base + "/collections/" + c.id() + "/items?f=html", t.text("ogcapi.html.items"))),
                    href + "?f=json", HtmlPages.propertyTable(t, props), HtmlPages.MapData.inline(geojson)));
        }
        String feature = GeoJsonWriter.feature(item.id(), responseCrs.fromWgs84().apply(item.geometry()), item.properties());
        StringBuilder out = new StringBuilder(feature.length() + 600).append(feature, 0, feature.length() - 1);
        out.append(",\"links\":");
        GeoJsonWriter.writeValue(List.of(
                link(href + "?f=json", "self", "application/geo+json", "ogcapi.link.thisItem"),
                link(href + "?f=html", "alternate", "text/html", "ogcapi.link.thisItemHtml"),
                link(base + "/collections/" + c.id() + "?f=json", "collection", "application/json", "ogcapi.link.collection")), out);
        out.append("}\n");
        return ResponseEntity.ok().contentType(GEO_JSON).header("Content-Crs", "<" + responseCrs.uri() + ">")
                .body(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Any other path under /ogcapi (such as {@code /ogcapi/collections/} with its trailing slash): a 404
     * problem like every other error of the API, not the servlet container's page.
     */
    @GetMapping("/**")
    ResponseEntity<byte[]> unknownPath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        throw ApiProblem.notFound("ogcapi.path.notFound", "there is no resource at " + path + "; start at /ogcapi", path);
    }

    // ---------------------------------------------------------------- pieces

    private String itemsHtml(CollectionSpec c, OgcApiService.ItemPage page, HttpServletRequest request) {
        HtmlPages.Texts t = texts();
        Locale locale = LocaleContextHolder.getLocale();
        String base = base();
        String collectionHref = base + "/collections/" + c.id();
        StringBuilder body = new StringBuilder("<p>");
        if (page.numberMatched().isPresent()) {
            body.append(HtmlPages.escape(t.text("ogcapi.html.numbers", page.numberMatched().getAsLong(), page.items().size())));
        } else {
            body.append(HtmlPages.escape(t.text("ogcapi.html.returned", page.items().size())));
        }
        body.append(" · ").append(HtmlPages.link(requestUrl(request, Map.of("f", "json")), t.text("ogcapi.html.geojson")));
        if (request.getParameter("cursor") != null) {
            Map<String, String> first = new LinkedHashMap<>();
            first.put("f", "html");
            first.put("cursor", null);
            body.append(" · ").append(HtmlPages.link(requestUrl(request, first), t.text("ogcapi.html.first")));
        }
        if (page.nextCursor() != null) {
            body.append(" · ").append(HtmlPages.link(requestUrl(request, Map.of("f", "html", "cursor",
                    page.nextCursor().toString())), t.text("ogcapi.html.next")));
        }
        body.append("</p>");
        if (page.items().isEmpty()) {
            body.append("<p>").append(HtmlPages.escape(t.text("ogcapi.html.noItems"))).append("</p>");
        } else {
            body.append("<table><tr><th>").append(HtmlPages.escape(t.text("ogcapi.html.id"))).append("</th>");
            c.properties().forEach((name, p) -> body.append("<th>").append(HtmlPages.escape(
                    CollectionSpec.isEnglish(locale) ? p.titleEn() : p.titleZh())).append("</th>"));
            body.append("</tr>");
            for (OgcItem item : page.items()) {
                body.append("<tr><td>").append(HtmlPages.link(collectionHref + "/items/" + urlEncode(String.valueOf(item.id()))
                        + "?f=html", String.valueOf(item.id()))).append("</td>");
                c.properties().keySet().forEach(name -> body.append("<td>")
                        .append(HtmlPages.escape(HtmlPages.display(item.properties().get(name)))).append("</td>"));
                body.append("</tr>");
            }
            body.append("</table>");
        }
        StringBuilder geojson = new StringBuilder(page.items().size() * 300 + 64);
        GeoJsonWriter.FeatureCollectionWriter w = new GeoJsonWriter.FeatureCollectionWriter(geojson).begin();
        for (OgcItem item : page.items()) w.feature(item.id(), item.geometry(), Map.of("name", String.valueOf(
                item.properties().getOrDefault("name", ""))));
        w.end(null);
        return HtmlPages.page(t, contextPath(request), c.title(locale) + " — " + t.text("ogcapi.html.items"),
                trail(t, base, new HtmlPages.Anchor(base + "/collections?f=html", t.text("ogcapi.html.collections")),
                        new HtmlPages.Anchor(collectionHref + "?f=html", c.title(locale))),
                requestUrl(request, Map.of("f", "json")), body.toString(), HtmlPages.MapData.inline(geojson.toString()));
    }

    private Map<String, Object> collectionJson(CollectionSpec c, String base, Locale locale) {
        String href = base + "/collections/" + c.id();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("title", c.title(locale));
        m.put("description", description(c, texts()));
        m.put("links", List.of(
                link(href + "?f=json", "self", "application/json", "ogcapi.link.thisCollection"),
                link(href + "?f=html", "alternate", "text/html", "ogcapi.link.thisCollectionHtml"),
                // No query string here: GDAL's OAPIF driver appends "/{featureId}" to this href.
                link(href + "/items", "items", "application/geo+json", "ogcapi.link.items"),
                link(href + "/items?f=html", "items", "text/html", "ogcapi.link.itemsHtml"),
                link(href + "/queryables?f=json", "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                        "application/schema+json", "ogcapi.link.queryables"),
                link(href + "/schema?f=json", "describedby", "application/schema+json", "ogcapi.link.schema"),
                TilesController.collectionLink(base, c.id())));
        OgcQueries.Extent extent = service.extent(c);
        Map<String, Object> ext = new LinkedHashMap<>();
        if (extent.bbox() != null) {
            Envelope e = extent.bbox();
            ext.put("spatial", map("bbox", List.of(List.of(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY())),
                    "crs", CrsRegistry.CRS84));
        }
        if (extent.firstCreated() != null) {
            ext.put("temporal", map("interval", List.of(java.util.Arrays.asList(extent.firstCreated().toString(),
                    extent.lastCreated().toString())), "trs", TRS_GREGORIAN));
        }
        if (!ext.isEmpty()) m.put("extent", ext);
        m.put("itemType", "feature");
        m.put("crs", crsRegistry.uris());
        m.put("storageCrs", CrsRegistry.CRS84);
        return m;
    }

    private String description(CollectionSpec c, HtmlPages.Texts t) {
        Locale locale = LocaleContextHolder.getLocale();
        return switch (c.kind()) {
            case GRIDS -> t.text("ogcapi.description.grids", c.title(locale));
            case STREETS -> t.text("ogcapi.description.streets");
            case FEATURES -> t.text("ogcapi.description.features", c.title(locale));
        };
    }

    private OgcCrs crs(String uri) {
        return itemQuery.crs(uri);
    }

    /** A limit above the maximum is lowered to it (/req/core/fc-limit-response-1); below 1 or not a number is refused. */
    static int limit(String text) {
        if (text == null) return DEFAULT_LIMIT;
        try {
            long n = Long.parseLong(text.trim());
            if (n >= 1) return (int) Math.min(n, MAX_LIMIT);
        } catch (NumberFormatException ignored) {
            // reported below, like an out-of-range number
        }
        throw ApiProblem.badRequest("ogcapi.limit.invalid", "limit must be a whole number of at least 1 (got " + text + ")",
                String.valueOf(MAX_LIMIT), text);
    }

    private static Long cursor(String text) {
        if (text == null) return null;
        try {
            long c = Long.parseLong(text.trim());
            if (c >= 0) return c;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiProblem.badRequest("ogcapi.cursor.invalid", "invalid cursor " + text, text);
    }

    /** Unknown parameters are refused (OGC API – Features, /req/core/query-param-unknown), as are repeated ones. */
    private static void checkParameters(HttpServletRequest request, Set<String> allowed) {
        for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
            if (!allowed.contains(p.getKey())) {
                String list = String.join(", ", new TreeSet<>(allowed));
                throw ApiProblem.badRequest("ogcapi.parameter.unknown", "unknown query parameter '" + p.getKey()
                        + "'; accepted: " + list, p.getKey(), list);
            }
            if (p.getValue().length > 1) {
                throw ApiProblem.badRequest("ogcapi.parameter.repeated", "query parameter '" + p.getKey()
                        + "' may appear only once", p.getKey());
            }
        }
    }

    /** {@code f} wins; then the most preferred of HTML or JSON in Accept; JSON when nothing says. */
    static Format format(HttpServletRequest request) {
        String f = request.getParameter("f");
        if (f != null) {
            return switch (f.trim().toLowerCase(Locale.ROOT)) {
                case "json", "geojson" -> Format.JSON;
                case "html" -> Format.HTML;
                default -> throw ApiProblem.badRequest("ogcapi.format.unsupported", "unsupported format f=" + f, f);
            };
        }
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) return Format.JSON;
        List<MediaType> types;
        try {
            types = new ArrayList<>(MediaType.parseMediaTypes(accept));
        } catch (InvalidMediaTypeException e) {
            return Format.JSON;
        }
        types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType m : types) {
            if (m.getQualityValue() == 0) continue;
            if (m.getType().equals("text") && m.getSubtype().equals("html")) return Format.HTML;
            if (m.getSubtype().contains("json") || m.isWildcardType()) return Format.JSON;
        }
        return Format.JSON;
    }

    private HtmlPages.Texts texts() {
        Locale locale = LocaleContextHolder.getLocale();
        return new HtmlPages.Texts() {
            @Override
            public String text(String key, Object... args) {
                return messages.getMessage(key, args, key, locale);
            }

            @Override
            public String lang() {
                return CollectionSpec.isEnglish(locale) ? "en" : "zh-CN";
            }
        };
    }

    private static List<HtmlPages.Anchor> trail(HtmlPages.Texts t, String base, HtmlPages.Anchor... more) {
        List<HtmlPages.Anchor> trail = new ArrayList<>();
        trail.add(new HtmlPages.Anchor(base + "?f=html", t.text("ogcapi.html.home")));
        trail.addAll(List.of(more));
        return trail;
    }

    /** OGC API – Tiles (vector tiles, served by {@link TilesController}) follows the Features classes. */
    private static List<String> withTiles(List<String> features) {
        List<String> all = new ArrayList<>(features);
        all.addAll(TilesController.CONFORMANCE);
        return List.copyOf(all);
    }

    private static List<Object> concat(List<?> a, List<?> b) {
        List<Object> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A link whose title is the message {@code titleKey} in the request's language. */
    private Map<String, Object> link(String href, String rel, String type, String titleKey) {
        return map("href", href, "rel", rel, "type", type, "title",
                messages.getMessage(titleKey, null, titleKey, LocaleContextHolder.getLocale()));
    }

    /** The absolute URL of /ogcapi: under the configured public address, else as the client reached it. */
    private String base() {
        return publicBase.root(currentRequest()) + "/ogcapi";
    }

    private static HttpServletRequest currentRequest() {
        return ((org.springframework.web.context.request.ServletRequestAttributes) org.springframework.web.context
                .request.RequestContextHolder.currentRequestAttributes()).getRequest();
    }

    private static String contextPath(HttpServletRequest request) {
        return request.getContextPath();
    }

    /** The current request's absolute URL with some parameters replaced (a null value removes one). */
    private String requestUrl(HttpServletRequest request, Map<String, String> replace) {
        Map<String, String> params = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> params.put(k, v[0]));
        replace.forEach((k, v) -> {
            if (v == null) params.remove(k);
            else params.put(k, v);
        });
        String path = publicBase.requestPath(request);
        StringBuilder url = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            url.append(sep).append(urlEncode(e.getKey())).append('=').append(urlEncode(e.getValue()));
            sep = '&';
        }
        return url.toString();
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static ResponseEntity<byte[]> json(Object body, MediaType type) {
        return ResponseEntity.ok().contentType(type).body(JSON.writeValueAsBytes(body));
    }

    private static ResponseEntity<byte[]> html(String page) {
        return ResponseEntity.ok().contentType(HTML_UTF8).body(page.getBytes(StandardCharsets.UTF_8));
    }
}
