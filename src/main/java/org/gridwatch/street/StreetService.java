package org.gridwatch.street;

import java.util.List;

import org.gridwatch.geo.BoundingBox;
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

    @Transactional(readOnly = true)
    public long count() {
        return streets.count();
    }
}
