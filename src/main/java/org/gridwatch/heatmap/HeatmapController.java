package org.gridwatch.heatmap;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.BoundingBox;
import org.gridwatch.system.ApiProblem;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Heatmap tiles, legend, grid and hot spots. The tile URL works as a Leaflet
 * {@code L.tileLayer('/api/heatmap/{z}/{x}/{y}.png?type=...')}; the legend hands back such a URL with
 * the colour scale pinned.
 */
@RestController
class HeatmapController {

    private static final MediaType ASCII_GRID = new MediaType("text", "plain", java.nio.charset.StandardCharsets.US_ASCII);

    private final HeatmapService service;

    HeatmapController(HeatmapService service) {
        this.service = service;
    }

    @GetMapping(value = "/api/heatmap/{z}/{x}/{y}.png")
    ResponseEntity<byte[]> tile(@PathVariable int z, @PathVariable long x, @PathVariable long y,
                                @RequestParam(required = false) String type,
                                @RequestParam(defaultValue = "200") double radius,
                                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                @RequestParam(required = false) String weight,
                                @RequestParam(required = false) Double max,
                                @RequestParam(required = false) String source) {
        HeatmapService.LayerRequest request = request(type, radius, from, to, weight, max, source);
        HeatmapService.Tile tile = service.drawn(request, z, x, y);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .cacheControl(CacheControl.noCache())
                .header("X-Heatmap-Cache", tile.cached() ? "hit" : "miss")
                .body(tile.png());
    }

    @GetMapping("/api/heatmap/legend")
    Map<String, Object> legend(@RequestParam(required = false) String type,
                               @RequestParam(defaultValue = "200") double radius,
                               @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) String weight,
                               @RequestParam(required = false) Double max,
                               @RequestParam(required = false) String source) {
        HeatmapService.LayerRequest request = request(type, radius, from, to, weight, max, source);
        HeatmapService.Legend legend = service.legend(request);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("unit", "features/km²");
        out.put("max", legend.max());
        out.put("maxSource", legend.maxSource());
        out.put("radiusMeters", legend.radiusMeters());
        out.put("breaks", legend.breaks());
        UriComponentsBuilder url = UriComponentsBuilder.fromPath("/api/heatmap/{z}/{x}/{y}.png")
                .queryParam("type", String.join(",", request.types()))
                .queryParam("radius", radius);
        if (from != null) url.queryParam("from", from);
        if (to != null) url.queryParam("to", to);
        if (weight != null) url.queryParam("weight", weight);
        if (!request.source().equals(HeatmapService.FEATURES)) url.queryParam("source", request.source());
        url.queryParam("max", legend.max());
        out.put("tileUrl", url.build().toUriString());
        return out;
    }

    /** {@code format=json} (default) or {@code asc} (ESRI ASCII grid, lon/lat cells). */
    @GetMapping("/api/heatmap/grid")
    ResponseEntity<String> grid(@RequestParam(required = false) String type,
                                @RequestParam(defaultValue = "200") double radius,
                                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                @RequestParam(required = false) String weight,
                                @RequestParam(required = false) String bbox,
                                @RequestParam(defaultValue = "256") int width,
                                @RequestParam(defaultValue = "256") int height,
                                @RequestParam(defaultValue = "json") String format,
                                @RequestParam(required = false) String source) {
        if (!format.equals("json") && !format.equals("asc")) {
            throw ApiProblem.badRequest("heatmap.grid.format", "format must be json or asc", format);
        }
        BoundingBox box = BoundingBox.parse(bbox);
        HeatmapService.Grid grid = service.grid(request(type, radius, from, to, weight, null, source),
                box == null ? null : box.envelope(), width, height);
        if (format.equals("asc")) {
            return ResponseEntity.ok().contentType(ASCII_GRID)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"heatmap.asc\"")
                    .body(GridFormats.esriAscii(grid.frame(), grid.values()));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(GridFormats.json(grid.frame(), grid.values(), radius));
    }

    @GetMapping("/api/heatmap/hotspots")
    List<HeatmapService.HotSpot> hotSpots(@RequestParam(required = false) String type,
                                          @RequestParam(defaultValue = "200") double radius,
                                          @RequestParam(required = false) String from,
                                          @RequestParam(required = false) String to,
                                          @RequestParam(required = false) String weight,
                                          @RequestParam(defaultValue = "10") int limit,
                                          @RequestParam(required = false) String source) {
        return service.hotSpots(request(type, radius, from, to, weight, null, source), limit);
    }

    private static HeatmapService.LayerRequest request(String type, double radius, String from, String to,
                                                       String weight, Double max, String source) {
        List<String> types = type == null ? List.of()
                : Arrays.stream(type.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new HeatmapService.LayerRequest(types, radius, instant("from", from), instant("to", to),
                weight == null || weight.isBlank() ? null : weight.trim(), max, source);
    }

    private static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("heatmap.time.invalid", name + " must be an ISO-8601 instant such as "
                    + "2026-05-01T00:00:00Z, got " + text, name, text);
        }
    }
}
