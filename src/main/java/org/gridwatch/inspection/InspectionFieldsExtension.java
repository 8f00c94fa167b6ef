package org.gridwatch.inspection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.gridwatch.feature.FeatureTypeExtension;
import org.springframework.stereotype.Component;

/** Lists each feature type's outcome fields in {@code GET /api/feature-types} as {@code inspectionFields}. */
@Component
class InspectionFieldsExtension implements FeatureTypeExtension {

    private final InspectionService service;

    InspectionFieldsExtension(InspectionService service) {
        this.service = service;
    }

    @Override
    public Map<String, Object> members(String typeKey) {
        List<Object> fields = new ArrayList<>();
        for (InspectionField f : service.fields(typeKey)) fields.add(f.json());
        return Map.of("inspectionFields", fields);
    }
}
