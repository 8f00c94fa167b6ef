package org.gridwatch.street;

import java.util.List;

import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.GeometryValidator;
import org.gridwatch.grid.GridService;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class StreetService {

    private final Streets streets;

    StreetService(Streets streets) {
        this.streets = streets;
    }

    /** Street segments meeting {@code bbox} (every street when null), ordered by id. */
    @Transactional(readOnly = true)
    public List<StreetView> list(BoundingBox bbox) {
        List<Street> found = bbox == null ? streets.findAllOrdered()
                : streets.findInBox(bbox.minLon(), bbox.minLat(), bbox.maxLon(), bbox.maxLat());
        return found.stream().map(Street::view).toList();
    }

    /**
     * Stores one street segment (a lon/lat LineString; a MultiLineString of one part is taken as its
     * part) and answers its id. Refuses an invalid or other geometry, a name over 200 characters or a
     * class over 32, as the table would.
     */
    @Transactional
    public long create(String name, String streetClass, Geometry geometry) {
        Geometry g = geometry instanceof MultiLineString m && m.getNumGeometries() == 1 ? m.getGeometryN(0) : geometry;
        GeometryValidator.check(g, GeometryValidator.LINEAL).ifPresent(issue -> {
            throw GridService.geometryProblem(issue);
        });
        if (name != null && name.length() > 200) {
            throw ApiProblem.badRequest("street.name.tooLong", "the street name is longer than 200 characters", 200);
        }
        if (streetClass != null && streetClass.length() > 32) {
            throw ApiProblem.badRequest("street.class.tooLong", "the street class is longer than 32 characters", 32);
        }
        LineString line = (LineString) g.copy();
        line.setSRID(4326);
        return streets.save(new Street(name, streetClass, line)).view().id();
    }

    @Transactional(readOnly = true)
    public long count() {
        return streets.count();
    }
}
