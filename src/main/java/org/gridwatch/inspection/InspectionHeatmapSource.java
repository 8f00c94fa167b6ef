package org.gridwatch.inspection;

import java.util.List;

import org.gridwatch.heatmap.HeatmapPointSource;
import org.springframework.stereotype.Component;

/** {@code source=inspections} of the heatmap: where positive findings were recorded, timed by inspection. */
@Component
class InspectionHeatmapSource implements HeatmapPointSource {

    private final InspectionService service;

    InspectionHeatmapSource(InspectionService service) {
        this.service = service;
    }

    @Override
    public String name() {
        return "inspections";
    }

    @Override
    public String stamp() {
        return service.positivePointsStamp();
    }

    @Override
    public void forEach(List<String> types, PointSink sink) {
        service.positivePoints(types, null, null, p -> sink.accept(p[0], p[1], (long) p[2], (long) p[3]));
    }
}
