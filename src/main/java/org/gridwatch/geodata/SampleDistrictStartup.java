package org.gridwatch.geodata;

import java.nio.file.Files;
import java.nio.file.Path;

import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.outline.OutlineService;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Loads the sample district (or a configured directory) into an empty store at start, and gives it a
 * district outline (the union of its large grids) when the store has none, so the demo shows the boundary
 * the topology report measures against.
 */
@Component
@Order(0)
class SampleDistrictStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SampleDistrictStartup.class);
    static final String BUNDLED_SAMPLE = "geodata/sample/";
    static final String SAMPLE_OUTLINE_NAME = "示例街道";

    private final SampleSettings settings;
    private final GridService grids;
    private final DistrictImporter importer;
    private final OutlineService outline;

    SampleDistrictStartup(SampleSettings settings, GridService grids, DistrictImporter importer,
                          OutlineService outline) {
        this.settings = settings;
        this.outline = outline;
        this.grids = grids;
        this.importer = importer;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!settings.enabled()) {
            return;
        }
        importer.clearInterruptedImport();
        if (grids.count(GridLevel.LARGE) > 0 || grids.count(GridLevel.SMALL) > 0) {
            log.info("Store already holds grids; the sample district is not loaded again");
            return;
        }
        if (settings.dir() != null && !settings.dir().isBlank()) {
            Path dir = Path.of(settings.dir()).toAbsolutePath();
            if (!Files.isRegularFile(dir.resolve("large_grids.geojson"))) {
                throw new IllegalStateException("gridwatch.sample.dir=" + dir
                        + " does not hold large_grids.geojson, small_grids.geojson, streets.geojson and features.geojson");
            }
            log.info("Loading district from {} into the empty store ...", dir);
            importer.load(DistrictImporter.directory(dir), dir.toString());
        } else {
            log.info("Loading the bundled sample district into the empty store ...");
            importer.load(DistrictImporter.classpath(BUNDLED_SAMPLE), "classpath:" + BUNDLED_SAMPLE);
        }
        generateOutline();
    }

    /** The union of the large grids as the district outline, unless the store has one already. */
    void generateOutline() {
        if (outline.current().isPresent()) return;
        java.util.List<Geometry> large = grids.list(GridLevel.LARGE, null, null).stream().map(GridView::geometry).toList();
        if (large.isEmpty()) return;
        Geometry union = OverlayNGRobust.union(large);
        try {
            outline.save(SAMPLE_OUTLINE_NAME, union, null, OutlineService.GENERATED);
            log.info("District outline generated from the {} large grids", large.size());
        } catch (ApiProblem e) {
            log.warn("No district outline generated from the large grids: {}", e.getMessage());
        }
    }
}
