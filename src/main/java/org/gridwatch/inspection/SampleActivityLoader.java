package org.gridwatch.inspection;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.feature.FeatureFilter;
import org.gridwatch.feature.FeatureService;
import org.gridwatch.geo.MetricProjection;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.locationtech.jts.geom.Geometry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Loads the generated sample patrols and inspections of the demo district (see InspectionSampleStartup). */
@Service
class SampleActivityLoader {

    /** Code prefix of the features the generated sample activity finds on patrol. */
    static final String SAMPLE_SITE_CODE = "SAMPLE-SITE-";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InspectionQueries queries;
    private final FeatureService features;
    private final GridService grids;
    private final InspectionSettings settings;
    private final Clock clock = Clock.systemUTC();

    SampleActivityLoader(InspectionQueries queries, FeatureService features, GridService grids,
                         InspectionSettings settings) {
        this.queries = queries;
        this.features = features;
        this.grids = grids;
        this.settings = settings;
    }

    InspectionSettings settings() {
        return settings;
    }

    /**
     * Loads generated patrols and inspections into an empty store (the sample district at first
     * start): found sites become features, then patrols and records are inserted in batches.
     *
     * @return the number of patrols and of inspections stored; zeros when the store held some already
     */
    @Transactional
    public long[] loadSampleActivity(long seed, LocalDate lastDay, int weeks) {
        if (queries.count() > 0) return new long[]{0, 0};
        List<SampleActivityGenerator.GridInput> smallGrids = new ArrayList<>();
        for (GridView g : grids.list(GridLevel.SMALL, null, null)) {
            smallGrids.add(new SampleActivityGenerator.GridInput(g.code(), g.geometry(), g.responsiblePerson()));
        }
        List<SampleActivityGenerator.FeatureInput> stored = new ArrayList<>();
        features.forEach(new FeatureFilter(List.of(), null, null, "active"), Integer.MAX_VALUE, 0, f -> stored.add(
                new SampleActivityGenerator.FeatureInput(f.id(), f.type(), f.lon(), f.lat(), f.gridCode(), f.createdAt())));
        SampleActivityGenerator.Result r = new SampleActivityGenerator(seed).generate(smallGrids, stored, lastDay, weeks,
                settings.zone());
        // Found sites go in as one bulk write (one change event) and are found again by their code.
        List<JsonNode> siteRecords = new ArrayList<>(r.sites().size());
        for (SampleActivityGenerator.SiteOut site : r.sites()) {
            tools.jackson.databind.node.ObjectNode f = JSON.createObjectNode();
            f.put("type", "Feature");
            tools.jackson.databind.node.ObjectNode geometry = f.putObject("geometry");
            geometry.put("type", "Point");
            geometry.putArray("coordinates").add(site.lon()).add(site.lat());
            tools.jackson.databind.node.ObjectNode props = f.putObject("properties");
            props.put("type", site.typeKey());
            props.put("code", SAMPLE_SITE_CODE + site.index());
            props.put("createdAt", site.foundAt().toString());
            siteRecords.add(f);
        }
        features.bulkCreate(siteRecords);
        Map<Integer, Long> siteIds = new HashMap<>();
        features.forEach(new FeatureFilter(List.of("rodent_sign", "garbage_point"), null, null, null), Integer.MAX_VALUE, 0,
                f -> {
                    if (f.code() != null && f.code().startsWith(SAMPLE_SITE_CODE)) {
                        siteIds.put(Integer.parseInt(f.code().substring(SAMPLE_SITE_CODE.length())), f.id());
                    }
                });
        Instant now = Instant.now(clock);
        double[] lengths = new double[r.patrols().size()];
        for (int i = 0; i < lengths.length; i++) {
            Geometry t = r.patrols().get(i).track();
            lengths[i] = MetricProjection.near(t.getCentroid().getX(), t.getCentroid().getY()).lengthMeters(t);
        }
        queries.insertPatrols(r.patrols(), lengths, "gps", now);
        Map<String, Long> patrolIds = queries.patrolIdsByClientIdPrefix(SampleActivityGenerator.PATROL_PREFIX);
        List<InspectionQueries.NewInspection> rows = new ArrayList<>(r.inspections().size());
        for (SampleActivityGenerator.InspectionOut i : r.inspections()) {
            JsonNode outcome = JSON.readTree(i.outcomeJson());
            long featureId = i.featureId() != null ? i.featureId() : siteIds.get(i.siteIndex());
            rows.add(new InspectionQueries.NewInspection(i.clientId(), featureId, i.typeKey(), i.gridCode(), i.lon(), i.lat(),
                    patrolIds.get(i.patrolClientId()), i.patrolClientId(), i.inspector(), i.inspectedAt(), i.outcomeJson(),
                    null, OutcomeClassifier.classify(i.typeKey(), outcome)));
        }
        queries.insertInspections(rows, now);
        return new long[]{r.patrols().size(), rows.size()};
    }

    /**
     * Whether generated sample activity is in the store: every report built on it says so (示例数据),
     * so a demo figure is never taken for real work.
     */
    @Transactional(readOnly = true)
    public boolean sampleActivityPresent() {
        return queries.sampleActivityPresent();
    }

    public boolean embeddedStore() {
        return queries.embeddedStore();
    }

    @Transactional(readOnly = true)
    public boolean sampleDistrictLoaded() {
        return queries.sampleDistrictLoaded();
    }
}
