package org.gridwatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.gridwatch.geo.GeoJsonReader;
import org.gridwatch.geo.MetricProjection;
import org.gridwatch.planning.StreetBlockDivider;
import org.gridwatch.planning.WorkloadBalance;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.index.strtree.STRtree;

import tools.jackson.databind.JsonNode;

/**
 * Dividing a large grid of the benchmark city by its streets ({@link StreetBlockDivider}, what
 * {@code POST /api/grids/{code}/divide?method=streets} computes), target: under 2 s for a large grid
 * of about 400 street blocks.
 *
 * <p>Reads {@code large_grids.geojson} and {@code streets.geojson} of the city directory (default
 * /tmp/bench-city, made by {@code java -jar gridwatch.jar generate --out /tmp/bench-city ...}), counts
 * the street blocks of every large grid, takes the one closest to {@code --blocks} (default 400) —
 * joined with neighbouring large grids when none holds that many (the generated city's hold about
 * 240) — and
 * times, after warm-up runs: the division alone (streets clipped and noded, polygonized, blocks below
 * {@code --min-area} merged), and the division plus the street length of every block (the balance
 * figure the proposal carries). Times are the median and the worst of {@code --runs} runs, in ms.
 *
 * <p>Args: {@code [cityDir] [--blocks=400] [--min-area=2000] [--runs=10]}.
 */
public final class DivideBenchmark {

    private DivideBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("/tmp/bench-city");
        int wantedBlocks = 400, runs = 10;
        double minAreaM2 = 2000;
        for (String a : args) {
            if (a.startsWith("--blocks=")) wantedBlocks = Integer.parseInt(a.substring(9));
            else if (a.startsWith("--min-area=")) minAreaM2 = Double.parseDouble(a.substring(11));
            else if (a.startsWith("--runs=")) runs = Integer.parseInt(a.substring(7));
            else dir = Path.of(a);
        }
        List<String> codes = new ArrayList<>();
        List<Geometry> large = new ArrayList<>();
        for (JsonNode f : GeoJsonReader.parseTree(Files.readString(dir.resolve("large_grids.geojson"))).get("features")) {
            codes.add(f.path("id").asString(f.at("/properties/code").asString()));
            large.add(GeoJsonReader.geometry(f.get("geometry")));
        }
        STRtree streetIndex = new STRtree();
        int streetCount = 0;
        for (JsonNode f : GeoJsonReader.parseTree(Files.readString(dir.resolve("streets.geojson"))).get("features")) {
            Geometry g = GeoJsonReader.geometry(f.get("geometry"));
            streetIndex.insert(g.getEnvelopeInternal(), g);
            streetCount++;
        }
        System.out.printf("city %s: %d large grids, %d street segments%n", dir, large.size(), streetCount);

        int best = -1, bestBlocks = 0;
        int[] blockCount = new int[large.size()];
        for (int i = 0; i < large.size(); i++) {
            blockCount[i] = blocksOf(large.get(i), streetIndex);
            if (best < 0 || Math.abs(blockCount[i] - wantedBlocks) < Math.abs(bestBlocks - wantedBlocks)) {
                best = i;
                bestBlocks = blockCount[i];
            }
        }
        // The generated city's large grids may all hold fewer blocks than wanted: then the chosen one is
        // joined with its neighbours (most blocks first) into one larger grid until it holds enough.
        Geometry chosen = large.get(best);
        List<String> used = new ArrayList<>(List.of(codes.get(best)));
        while (bestBlocks < wantedBlocks * 0.95) {
            int next = -1;
            for (int i = 0; i < large.size(); i++) {
                if (used.contains(codes.get(i)) || chosen.distance(large.get(i)) > 1e-6) continue;
                if (next < 0 || blockCount[i] > blockCount[next]) next = i;
            }
            if (next < 0) break;
            chosen = chosen.union(large.get(next));
            used.add(codes.get(next));
            bestBlocks = blocksOf(chosen, streetIndex);
        }
        MetricProjection projection = MetricProjection.centredOn(chosen.getEnvelopeInternal());
        List<LineString> bestStreets = streetsNear(streetIndex, chosen.getEnvelopeInternal(), projection);
        Geometry bestArea = projection.project(chosen);
        System.out.printf("large grid %s: %.0f m², %d street blocks, %d street segments in its box%n",
                String.join("+", used), bestArea.getArea(), bestBlocks, bestStreets.size());

        for (int w = 0; w < 3; w++) StreetBlockDivider.divide(bestArea, bestStreets, minAreaM2);
        long[] divideNanos = new long[runs];
        long[] withLengthNanos = new long[runs];
        int cells = 0;
        double lengthSum = 0;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            List<Geometry> result = StreetBlockDivider.divide(bestArea, bestStreets, minAreaM2);
            long t1 = System.nanoTime();
            double total = 0;
            STRtree local = new STRtree();
            for (LineString s : bestStreets) local.insert(s.getEnvelopeInternal(), s);
            for (Geometry cell : result) {
                @SuppressWarnings("unchecked")
                List<LineString> near = local.query(cell.getEnvelopeInternal());
                total += WorkloadBalance.streetLengthMeters(cell, near, 1.0);
            }
            long t2 = System.nanoTime();
            divideNanos[r] = t1 - t0;
            withLengthNanos[r] = t2 - t0;
            cells = result.size();
            lengthSum = total;
        }
        System.out.printf("divide by streets (min %.0f m²): %d small grids; median %.1f ms, worst %.1f ms (target < 2000 ms)%n",
                minAreaM2, cells, median(divideNanos) / 1e6, max(divideNanos) / 1e6);
        System.out.printf("  with street length per grid (%.0f m in all): median %.1f ms, worst %.1f ms%n",
                lengthSum, median(withLengthNanos) / 1e6, max(withLengthNanos) / 1e6);
    }

    private static int blocksOf(Geometry lonLat, STRtree streetIndex) {
        MetricProjection projection = MetricProjection.centredOn(lonLat.getEnvelopeInternal());
        return StreetBlockDivider.blocks(projection.project(lonLat),
                streetsNear(streetIndex, lonLat.getEnvelopeInternal(), projection)).size();
    }

    private static List<LineString> streetsNear(STRtree index, Envelope box, MetricProjection projection) {
        List<LineString> out = new ArrayList<>();
        for (Object o : index.query(box)) out.add((LineString) projection.project((Geometry) o));
        return out;
    }

    private static double median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
