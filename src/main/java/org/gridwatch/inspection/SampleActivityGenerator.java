package org.gridwatch.inspection;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.gridwatch.geo.MetricProjection;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Makes plausible patrols and inspections for the sample district: every small grid is patrolled
 * once a week (a walk around the grid 8 m inside its edge, on a weekday fixed per grid, 08:00-12:00),
 * each feature standing in the grid on that day is inspected with probability 0.9, and new rodent
 * signs and garbage points are found now and then. Outcomes follow the season: the summer factor
 * s = (1 + cos(2π(dayOfYear − 200)/365)) / 2 (1 in mid-July, 0 in mid-January) raises standing water,
 * larvae, overflowing bins and rodent signs. Deterministic for the same inputs and seed. Not
 * thread-safe while generating; make one per run.
 */
public final class SampleActivityGenerator {

    /** A small grid: code, polygon (lon/lat) and its responsible person (may be null). */
    public record GridInput(String code, Geometry geometry, String responsiblePerson) {
    }

    /** A stored feature: id, type, place, small grid and when it was created. */
    public record FeatureInput(long id, String typeKey, double lon, double lat, String gridCode, Instant createdAt) {
    }

    /** A generated patrol. */
    public record PatrolOut(String clientId, String inspector, String gridCode, Instant startedAt, Instant endedAt,
                            LineString track) {
    }

    /** A site found on patrol, to be stored as a new feature before its inspections. */
    public record SiteOut(int index, String typeKey, double lon, double lat, String gridCode, Instant foundAt) {
    }

    /**
     * A generated inspection of a stored feature ({@code featureId}) or of a found site
     * ({@code siteIndex}, with featureId null); {@code outcomeJson} as recorded.
     */
    public record InspectionOut(String clientId, Long featureId, Integer siteIndex, String typeKey, String gridCode,
                                double lon, double lat, String patrolClientId, String inspector, Instant inspectedAt,
                                String outcomeJson) {
    }

    /** Everything generated, patrols and inspections in time order. */
    public record Result(List<PatrolOut> patrols, List<SiteOut> sites, List<InspectionOut> inspections) {
    }

    private static final double INSET_METERS = 8;
    /** Client ids of generated patrols start with this. */
    public static final String PATROL_PREFIX = "sample-p-";
    /** Client ids of generated inspections start with this. */
    public static final String INSPECTION_PREFIX = "sample-i-";

    private final long seed;

    public SampleActivityGenerator(long seed) {
        this.seed = seed;
    }

    /**
     * @param lastDay the last day generated (in {@code zone}); the period is the {@code weeks} weeks up to it
     */
    public Result generate(List<GridInput> grids, List<FeatureInput> features, LocalDate lastDay, int weeks, ZoneId zone) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, List<FeatureInput>> byGrid = new HashMap<>();
        for (FeatureInput f : features) {
            if (f.gridCode() != null) byGrid.computeIfAbsent(f.gridCode(), k -> new ArrayList<>()).add(f);
        }
        List<GridInput> ordered = new ArrayList<>(grids);
        ordered.sort(Comparator.comparing(GridInput::code));
        LocalDate firstDay = lastDay.minusWeeks(weeks).plusDays(1);
        List<PatrolOut> patrols = new ArrayList<>();
        List<SiteOut> sites = new ArrayList<>();
        List<InspectionOut> inspections = new ArrayList<>();
        Map<String, List<SiteOut>> sitesByGrid = new HashMap<>();
        Map<Integer, Boolean> siteCleared = new HashMap<>();
        int g = 0;
        for (GridInput grid : ordered) {
            g++;
            LineString walk = walk(grid.geometry());
            if (walk == null) continue;
            String inspector = grid.responsiblePerson() == null || grid.responsiblePerson().isBlank() ? "网格员"
                    : grid.responsiblePerson();
            int weekday = g % 5; // Monday..Friday
            List<FeatureInput> standing = byGrid.getOrDefault(grid.code(), List.of());
            for (LocalDate monday = firstDay.with(java.time.DayOfWeek.MONDAY); !monday.isAfter(lastDay);
                 monday = monday.plusWeeks(1)) {
                LocalDate day = monday.plusDays(weekday);
                if (day.isBefore(firstDay) || day.isAfter(lastDay)) continue;
                double s = summer(day);
                Instant start = day.atTime(8 + random.nextInt(3), random.nextInt(60)).atZone(zone).toInstant();
                Instant end = start.plusSeconds(1800 + random.nextInt(3600));
                String patrolId = PATROL_PREFIX + grid.code() + "-" + day;
                patrols.add(new PatrolOut(patrolId, inspector, grid.code(), start, end, walk));
                long minute = 0;
                for (FeatureInput f : standing) {
                    if (f.createdAt() != null && f.createdAt().isAfter(start)) continue;
                    if (random.nextDouble() >= 0.9) continue;
                    minute += 2 + random.nextInt(5);
                    inspections.add(new InspectionOut(INSPECTION_PREFIX + "" + f.id() + "-" + day, f.id(), null, f.typeKey(),
                            grid.code(), f.lon(), f.lat(), patrolId, inspector, start.plusSeconds(60 * minute),
                            outcome(f.typeKey(), f.id(), s, random)));
                }
                for (SiteOut site : sitesByGrid.getOrDefault(grid.code(), List.of())) {
                    minute += 2;
                    boolean cleared = siteCleared.getOrDefault(site.index(), false);
                    String json = site.typeKey().equals("rodent_sign")
                            ? "{\"count\":" + (cleared ? 0 : 1 + random.nextInt(2)) + ",\"cleared\":" + (cleared || random.nextDouble() < 0.6) + "}"
                            : "{\"exposedGarbage\":" + (!cleared && random.nextDouble() < 0.5) + ",\"cleared\":" + (cleared || random.nextDouble() < 0.7) + "}";
                    siteCleared.put(site.index(), json.endsWith("true}"));
                    inspections.add(new InspectionOut(INSPECTION_PREFIX + "s" + site.index() + "-" + day, null, site.index(),
                            site.typeKey(), grid.code(), site.lon(), site.lat(), patrolId, inspector,
                            start.plusSeconds(60 * minute), json));
                }
                double findRodent = 0.02 + 0.04 * s;
                double findGarbage = 0.01;
                String found = random.nextDouble() < findRodent ? "rodent_sign"
                        : random.nextDouble() < findGarbage ? "garbage_point" : null;
                if (found != null) {
                    Coordinate c = walk.getCoordinateN(random.nextInt(walk.getNumPoints() - 1));
                    double lon = c.x + (random.nextDouble() - 0.5) * 1e-5;
                    double lat = c.y + (random.nextDouble() - 0.5) * 1e-5;
                    if (!grid.geometry().contains(grid.geometry().getFactory().createPoint(new Coordinate(lon, lat)))) {
                        Coordinate in = grid.geometry().getInteriorPoint().getCoordinate();
                        lon = in.x;
                        lat = in.y;
                    }
                    minute += 3;
                    Instant at = start.plusSeconds(60 * minute);
                    SiteOut site = new SiteOut(sites.size(), found, lon, lat, grid.code(), at);
                    sites.add(site);
                    sitesByGrid.computeIfAbsent(grid.code(), k -> new ArrayList<>()).add(site);
                    String json = found.equals("rodent_sign")
                            ? "{\"count\":" + (1 + random.nextInt(3)) + ",\"cleared\":" + (random.nextDouble() < 0.5) + "}"
                            : "{\"exposedGarbage\":true,\"cleared\":" + (random.nextDouble() < 0.5) + "}";
                    siteCleared.put(site.index(), json.endsWith("true}"));
                    inspections.add(new InspectionOut(INSPECTION_PREFIX + "s" + site.index() + "-" + day + "-found", null,
                            site.index(), found, grid.code(), lon, lat, patrolId, inspector, at, json));
                }
            }
        }
        patrols.sort(Comparator.comparing(PatrolOut::startedAt).thenComparing(PatrolOut::clientId));
        inspections.sort(Comparator.comparing(InspectionOut::inspectedAt).thenComparing(InspectionOut::clientId));
        return new Result(patrols, sites, inspections);
    }

    /** 1 in mid-July, 0 in mid-January. */
    static double summer(LocalDate day) {
        return (1 + Math.cos(2 * Math.PI * (day.getDayOfYear() - 200) / 365.0)) / 2;
    }

    private static String outcome(String type, long featureId, double s, SplittableRandom r) {
        return switch (type) {
            case "rat_bait_station" -> {
                boolean present = r.nextDouble() < 0.96;
                int signs = r.nextDouble() < 0.05 + 0.10 * s ? 1 + r.nextInt(2) : 0;
                yield "{\"baitPresent\":" + present + ",\"baitEffective\":" + (present && r.nextDouble() < 0.96)
                        + ",\"placedCorrectly\":" + (r.nextDouble() < 0.97) + ",\"warningSign\":" + (r.nextDouble() < 0.97)
                        + ",\"rodentSigns\":" + signs + "}";
            }
            case "stagnant_water" -> {
                // each site keeps its container type: 70% small containers, 20% drains, 10% large bodies
                long h = Math.floorMod(featureId * 2654435761L, 10);
                String container = h < 7 ? "small_container" : h < 9 ? "drain" : "large_water_body";
                boolean water = r.nextDouble() < 0.35 + 0.5 * s;
                if (container.equals("large_water_body")) {
                    int dips = 20;
                    int positive = 0;
                    int larvae = 0;
                    for (int i = 0; i < dips; i++) {
                        if (r.nextDouble() < 0.005 + 0.04 * s) {
                            positive++;
                            larvae += 1 + r.nextInt(6);
                        }
                    }
                    yield "{\"waterPresent\":true,\"larvaePositive\":" + (positive > 0) + ",\"larvaeCount\":" + larvae
                            + ",\"containerType\":\"large_water_body\",\"dips\":" + dips + ",\"positiveDips\":" + positive
                            + ",\"cleared\":false}";
                }
                boolean larvae = water && r.nextDouble() < 0.03 + 0.15 * s;
                yield "{\"waterPresent\":" + water + ",\"larvaePositive\":" + larvae + ",\"larvaeCount\":"
                        + (larvae ? 1 + r.nextInt(20) : 0) + ",\"containerType\":\"" + container + "\",\"cleared\":"
                        + (water && r.nextDouble() < 0.8) + "}";
            }
            case "sewer_well" -> {
                boolean water = r.nextDouble() < 0.3 + 0.3 * s;
                boolean larvae = water && r.nextDouble() < 0.02 + 0.08 * s;
                yield "{\"waterPresent\":" + water + ",\"larvaePositive\":" + larvae + ",\"coverIntact\":"
                        + (r.nextDouble() < 0.98) + ",\"cleared\":" + (larvae && r.nextDouble() < 0.8) + "}";
            }
            case "trash_bin" -> "{\"lidded\":" + (r.nextDouble() < 0.97) + ",\"overflowing\":"
                    + (r.nextDouble() < 0.01 + 0.03 * s) + ",\"clean\":" + (r.nextDouble() < 0.95) + "}";
            default -> "{}";
        };
    }

    /** The grid's edge walked 8 m inside it, closed; null when the grid is too small for that. */
    static LineString walk(Geometry grid) {
        MetricProjection p = MetricProjection.centredOn(grid);
        Geometry inset = p.project(grid).buffer(-INSET_METERS);
        if (inset.isEmpty() || !(inset.getGeometryN(0) instanceof Polygon poly)) return null;
        return (LineString) p.unproject(poly.getExteriorRing().getFactory().createLineString(
                poly.getExteriorRing().getCoordinateSequence()));
    }
}
