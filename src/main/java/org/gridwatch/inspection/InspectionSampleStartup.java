package org.gridwatch.inspection;

import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * After the bundled sample district is loaded (by the geodata startup, order 0), gives it generated
 * patrols and inspections for the weeks up to today, so every inspection view has data at first
 * start. Only the bundled sample: a district loaded from a directory (the benchmark city) or built
 * through the API gets none, and a store holding any patrol or inspection is left alone.
 */
@Component
@Order(1)
class InspectionSampleStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(InspectionSampleStartup.class);

    private final InspectionService service;
    private final boolean enabled;
    private final String dir;

    InspectionSampleStartup(InspectionService service, @Value("${gridwatch.sample.enabled:true}") boolean enabled,
                            @Value("${gridwatch.sample.dir:}") String dir) {
        this.service = service;
        this.enabled = enabled;
        this.dir = dir;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled || (dir != null && !dir.isBlank()) || !service.sampleDistrictLoaded()) return;
        InspectionSettings s = service.settings();
        long started = System.nanoTime();
        long[] stored = service.loadSampleActivity(s.sampleSeed(), LocalDate.now(s.zone()), s.sampleWeeks());
        if (stored[0] > 0) {
            log.info("Generated {} sample patrols and {} inspections over {} weeks in {} ms", stored[0], stored[1],
                    s.sampleWeeks(), (System.nanoTime() - started) / 1_000_000);
        }
    }
}
