package org.gridwatch.inspection;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.gridwatch.feature.FeatureDraft;
import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureView;
import org.gridwatch.geo.GeometryIssue;
import org.gridwatch.geo.GeometryValidator;
import org.gridwatch.grid.GridService;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.WKTReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Key units (重点单位: restaurants, markets, hotels, schools, building sites ...), the places the indoor
 * indicators are inspected in, room by room. A key unit is a feature of type {@code key_unit}: given as
 * a point, that point; given as a polygon, its interior point (which decides its grid, so it has one
 * owner) with the outline kept beside it.
 */
@Service
public class KeyUnitService {

    public static final String TYPE = OutcomeClassifier.KEY_UNIT;
    private static final Set<String> KINDS = Set.of("Point", "Polygon", "MultiPolygon");

    private final FeatureService features;
    private final JdbcTemplate jdbc;

    KeyUnitService(FeatureService features, JdbcTemplate jdbc) {
        this.features = features;
        this.jdbc = jdbc;
    }

    /** A key unit and its outline (null when it was given as a point). */
    public record KeyUnit(FeatureView feature, Geometry outline) {
    }

    @Transactional
    public KeyUnit create(String name, Geometry geometry) {
        if (name == null || name.isBlank() || name.trim().length() > 200) {
            throw ApiProblem.badRequest("keyUnit.name.required", "a key unit needs a name (at most 200 characters)");
        }
        if (geometry == null || !KINDS.contains(geometry.getGeometryType())) {
            String kind = geometry == null ? "null" : geometry.getGeometryType();
            throw ApiProblem.badRequest("keyUnit.geometry.kind", "a key unit must be a Point or a Polygon/MultiPolygon, got "
                    + kind, kind);
        }
        Optional<GeometryIssue> issue = GeometryValidator.check(geometry,
                geometry instanceof Point ? GeometryValidator.PUNTAL : GeometryValidator.AREAL);
        if (issue.isPresent()) throw GridService.geometryProblem(issue.get());
        Point point = geometry instanceof Point p ? p : geometry.getInteriorPoint();
        FeatureView f = features.create(new FeatureDraft(TYPE, point, name.trim(), null, null, "active", "{}", null, null));
        if (!(geometry instanceof Point)) {
            jdbc.update("INSERT INTO key_unit_outline (feature_id, geom) VALUES (?, ST_GeomFromText(?, 4326))", f.id(),
                    geometry.toText());
        }
        return new KeyUnit(f, geometry instanceof Point ? null : geometry);
    }

    @Transactional(readOnly = true)
    public KeyUnit get(long featureId) {
        FeatureView f = features.get(featureId);
        if (!TYPE.equals(f.type())) {
            throw ApiProblem.notFound("keyUnit.notFound", "feature " + featureId + " is not a key unit", String.valueOf(featureId));
        }
        List<String> wkt = jdbc.query("SELECT ST_AsText(geom) FROM key_unit_outline WHERE feature_id = ?",
                (rs, n) -> rs.getString(1), featureId);
        try {
            return new KeyUnit(f, wkt.isEmpty() ? null : new WKTReader().read(wkt.get(0)));
        } catch (org.locationtech.jts.io.ParseException e) {
            throw new IllegalStateException("stored outline of key unit " + featureId + " is not WKT", e);
        }
    }
}
