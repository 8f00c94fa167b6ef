package org.gridwatch.geodata;

import java.nio.file.Files;
import java.nio.file.Path;

import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Loads the sample district (or a configured directory) into an empty store at start. */
@Component
@Order(0)
class SampleDistrictStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SampleDistrictStartup.class);
    static final String BUNDLED_SAMPLE = "geodata/sample/";

    private final SampleSettings settings;
    private final GridService grids;
    private final DistrictImporter importer;

    SampleDistrictStartup(SampleSettings settings, GridService grids, DistrictImporter importer) {
        this.settings = settings;
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
    }
}
