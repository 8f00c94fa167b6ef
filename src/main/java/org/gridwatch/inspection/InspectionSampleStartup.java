package org.gridwatch.inspection;

import java.time.LocalDate;
import java.util.List;

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

    private final SampleActivityLoader service;
    private final boolean enabled;
    private final String dir;
    private final String activity;

    InspectionSampleStartup(SampleActivityLoader service, @Value("${gridwatch.sample.enabled:true}") boolean enabled,
                            @Value("${gridwatch.sample.dir:}") String dir,
                            @Value("${gridwatch.sample.activity:auto}") String activity) {
        this.service = service;
        this.enabled = enabled;
        this.dir = dir;
        this.activity = activity == null ? "auto" : activity.trim().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("auto", "always", "never").contains(this.activity)) {
            throw new IllegalArgumentException("gridwatch.sample.activity must be auto, always or never, got " + activity);
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled || (dir != null && !dir.isBlank()) || !service.sampleDistrictLoaded()) return;
        // Generated activity is a demo: it goes into the embedded store only, unless asked for (a
        // production PostGIS that started from the sample district must not report invented work).
        if (activity.equals("never") || (activity.equals("auto") && !service.embeddedStore())) {
            log.info("Sample district without generated patrols and inspections (gridwatch.sample.activity={}, {} store)",
                    activity, service.embeddedStore() ? "embedded" : "PostGIS");
            return;
        }
        InspectionSettings s = service.settings();
        long started = System.nanoTime();
        long[] stored = service.loadSampleActivity(s.sampleSeed(), LocalDate.now(s.zone()), s.sampleWeeks());
        if (stored[0] > 0) {
            log.info("Generated {} sample patrols and {} inspections over {} weeks in {} ms", stored[0], stored[1],
                    s.sampleWeeks(), (System.nanoTime() - started) / 1_000_000);
        }
    }
}
