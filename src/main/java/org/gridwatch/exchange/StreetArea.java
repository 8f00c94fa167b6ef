package org.gridwatch.exchange;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The area a street import replaces, from the caller's {@code mode}, {@code bbox} and {@code area}:
 * none for {@code mode=append} (the default); for {@code mode=replace} exactly one of a {@code bbox}
 * of some size or {@code area=district}, the stored district outline. Each wrong combination is an
 * {@link ApiProblem} (400) naming what to give instead.
 *
 * <p>Which streets the area replaces is {@code StreetService.ImportSession}'s rule, the same for both
 * kinds of area: those lying wholly inside it, its boundary counting as inside.
 *
 * <p>Plain parameter checks, thread-safe; the outline is asked of the supplier only when named.
 */
final class StreetArea {

    /** The {@code area} value naming the district outline (the only named area). */
    static final String DISTRICT = "district";

    /** The caller's parameters as given, each possibly null or blank. */
    record Request(String mode, String bbox, String area) {

        /** No parameter: {@code mode=append}. */
        static final Request APPEND = new Request(null, null, null);
    }

    private StreetArea() {
    }

    /**
     * The lon/lat area to replace, or null for {@code mode=append}.
     *
     * @param districtOutline the stored district outline, lon/lat, or empty when the store has none
     */
    static Geometry resolve(ExchangeLayer layer, Request request, Supplier<Optional<Geometry>> districtOutline) {
        String mode = request.mode();
        String m = blank(mode) ? "append" : mode.trim().toLowerCase(Locale.ROOT);
        if (!m.equals("append") && !m.equals("replace")) {
            throw ApiProblem.badRequest("exchange.import.modeInvalid", "mode must be append or replace, was " + mode, mode);
        }
        boolean hasBbox = !blank(request.bbox());
        boolean hasArea = !blank(request.area());
        if (m.equals("append")) {
            if (hasBbox) {
                throw ApiProblem.badRequest("exchange.import.bboxWithoutReplace",
                        "bbox names the area mode=replace replaces: give mode=replace with it");
            }
            if (hasArea) {
                throw ApiProblem.badRequest("exchange.import.areaWithoutReplace",
                        "area names the area mode=replace replaces: give mode=replace with it");
            }
            return null;
        }
        if (layer != ExchangeLayer.STREETS) {
            throw ApiProblem.badRequest("exchange.import.replaceStreetsOnly",
                    "mode=replace is for streets only (layer " + layer.key() + ")", layer.key());
        }
        if (hasBbox && hasArea) {
            throw ApiProblem.badRequest("exchange.import.areaAndBbox",
                    "give one area to replace, area=district or a bbox, not both");
        }
        if (hasArea) {
            if (!request.area().trim().toLowerCase(Locale.ROOT).equals(DISTRICT)) {
                throw ApiProblem.badRequest("exchange.import.areaUnknown",
                        "area must be district (the district outline), was " + request.area(), request.area());
            }
            return districtOutline.get().orElseThrow(() -> ApiProblem.badRequest("exchange.import.noOutline",
                    "there is no district outline yet, so no street lies within it; draw or import the outline "
                            + "first, or give a bbox"));
        }
        if (!hasBbox) {
            throw ApiProblem.badRequest("exchange.import.replaceNeedsArea",
                    "mode=replace needs the area it replaces: area=district (the district outline) or "
                            + "bbox=minLon,minLat,maxLon,maxLat");
        }
        BoundingBox box = BoundingBox.parse(request.bbox());
        // A box of no width or height holds no street but one lying exactly on its edge: surely a mistake.
        if (box.minLon() == box.maxLon() || box.minLat() == box.maxLat()) {
            throw ApiProblem.badRequest("exchange.import.bboxEmpty",
                    "the bbox " + request.bbox().trim() + " has no area (its minimum equals its maximum on an axis), "
                            + "so it would replace nothing; give a box of some size", request.bbox().trim());
        }
        return GeometryFactories.WGS84.toGeometry(new Envelope(box.minLon(), box.maxLon(), box.minLat(), box.maxLat()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
