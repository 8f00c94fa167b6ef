package org.gridwatch.map;

import org.gridwatch.basemap.BaseMapService;
import org.gridwatch.basemap.TiandituTiles;
import org.gridwatch.inspection.InspectionService;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.BoundingBox;
import org.gridwatch.system.ApiProblem;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MapController {

    private final MapService service;
    private final MapSettings settings;
    private final InspectionService inspections;
    private final BaseMapService baseMaps;

    MapController(MapService service, MapSettings settings, InspectionService inspections, BaseMapService baseMaps) {
        this.service = service;
        this.settings = settings;
        this.inspections = inspections;
        this.baseMaps = baseMaps;
    }

    /**
     * What the page needs before it draws anything: base maps, where the district is, and its time zone
     * (an IANA id: the page shows every case time and computes every period's days in it, not in the browser's).
     */
    @GetMapping("/api/map/config")
    Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("osmUrl", MapSettings.OSM_URL);
        c.put("osmAttribution", MapSettings.OSM_ATTRIBUTION);
        c.put("tileUrl", settings.tileUrl());
        c.put("tileAttribution", settings.tileAttribution());
        c.put("tileMaxZoom", settings.tileMaxZoom());
        // Tianditu once the admin entered a key: the default then, unless the district set its own tiles.
        String tiandituKey = baseMaps.tiandituKey().orElse(null);
        boolean english = "en".equals(LocaleContextHolder.getLocale().getLanguage());
        c.put("tianditu", tiandituKey == null ? null : TiandituTiles.forPage(tiandituKey, english));
        c.put("defaultBaseMap", tiandituKey != null && !"custom".equals(settings.defaultBaseMap())
                ? "tianditu-vector" : settings.defaultBaseMap());
        BoundingBox extent = service.extent();
        c.put("extent", extent == null ? null
                : List.of(extent.minLon(), extent.minLat(), extent.maxLon(), extent.maxLat()));
        // The map says 示例数据 while generated patrols and inspections are in the store.
        c.put("sampleData", inspections.sampleActivityPresent());
        c.put("timeZone", inspections.zone().getId());
        return c;
    }

    /**
     * @param by   {@code cell} (default; needs {@code cell}, the cell width in degrees) or {@code grid} (per small grid)
     * @param type comma-separated feature type keys; absent = all types
     */
    @GetMapping("/api/map/feature-counts")
    MapService.FeatureCounts featureCounts(@RequestParam String bbox,
                                           @RequestParam(required = false) String type,
                                           @RequestParam(defaultValue = "cell") String by,
                                           @RequestParam(required = false) Double cell) {
        BoundingBox box = BoundingBox.parse(bbox);
        if (box == null) {
            throw ApiProblem.badRequest("request.parameter", "invalid or missing parameter bbox", "bbox");
        }
        List<String> types = type == null || type.isBlank() ? List.of()
                : Arrays.stream(type.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return switch (by) {
            case "grid" -> service.countByGrid(box, types);
            case "cell" -> {
                if (cell == null) {
                    throw ApiProblem.badRequest("request.parameter", "invalid or missing parameter cell", "cell");
                }
                yield service.countByCell(box, types, cell);
            }
            default -> throw ApiProblem.badRequest("map.by.invalid", "by must be 'cell' or 'grid'", by);
        };
    }

    @GetMapping("/api/map/search")
    List<SearchHit> search(@RequestParam(required = false) String q, @RequestParam(defaultValue = "10") int limit) {
        return service.search(q, limit);
    }
}
