package org.gridwatch.route;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The JSON body of {@code POST /api/routes}, {@code /coverage} and {@code /split} as the OpenAPI
 * document describes it (the controller reads the body itself, through {@link RouteRequest#parse}).
 */
@Schema(name = "RouteRequest", description = "Stops (one way of points, featureIds or grids+types) and how to travel between them")
record RouteRequestSchema(
        @ArraySchema(arraySchema = @Schema(description = "stops as [lon, lat] positions"),
                schema = @Schema(type = "array", example = "[121.47, 31.23]")) List<List<Double>> points,
        @Schema(description = "stops that are stored features") List<Long> featureIds,
        @Schema(description = "grid codes whose active features of the types are the stops") List<String> grids,
        @Schema(description = "feature types of the grids' stops (all when empty)") List<String> types,
        @Schema(description = "where the walk begins, [lon, lat] (default: the first stop)", example = "[121.47, 31.23]") List<Double> start,
        @Schema(description = "return to the start", defaultValue = "true") Boolean closed,
        @Schema(description = "along the streets or in straight lines", allowableValues = {"streets", "straight"},
                defaultValue = "streets") String network,
        @Schema(description = "join stops the streets do not connect by straight legs (listed in legsNotOnStreets) instead of refusing them",
                defaultValue = "false") Boolean straight,
        @Schema(description = "walking (every street and footway, either way) or vehicle (one-way streets obeyed, no footways or steps)",
                allowableValues = {"walking", "vehicle"}, defaultValue = "walking") String profile,
        @Schema(description = "number of patrollers (split only)", minimum = "1", maximum = "100") Integer k,
        @Schema(description = "each patroller's own start (split only)") List<List<Double>> starts,
        @Schema(description = "the grid whose streets a coverage route walks (coverage only)") String grid,
        @Schema(description = "vehicle coverage only: drive each two-way street once each way (both kerbs swept) instead of once either way",
                defaultValue = "false") Boolean bothSides) {
}
