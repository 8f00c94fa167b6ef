package org.gridwatch.exchange;

import java.util.Map;

import org.gridwatch.geo.GeoJsonFormatException;
import org.gridwatch.outline.OutlineService;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Geometry;

/**
 * The district-outline branch of an import: the file must hold exactly one record, a polygon or
 * multipolygon, which replaces the outline through {@link OutlineService#replaceImported} inside the
 * import's transaction (so a dry run or a refusal leaves the outline and its history as they were).
 * A file of several records is refused as a whole rather than guessing which is the district, or merging
 * neighbouring districts into one.
 */
final class OutlineImport {

    private OutlineImport() {
    }

    static void store(OutlineService outline, ImportService.Source source, Map<String, String> fieldMap,
                      StreetImport.Problems problems, Runnable stored) {
        if (source.count() != 1) {
            problems.add(Math.min(source.count(), 1), "outline.import.notOne",
                    "the file holds " + source.count() + " records; a district outline file must hold exactly one "
                            + "polygon or multipolygon", new Object[]{source.count()});
            return;
        }
        source.records().accept(r -> {
            if (r.fields().containsKey(ImportSources.ERROR)) {
                String reason = String.valueOf(r.fields().get(ImportSources.ERROR));
                problems.add(r.index(), "exchange.import.badRecord", reason, new Object[]{reason});
                return;
            }
            String name = null;
            for (Map.Entry<String, String> m : fieldMap.entrySet()) {
                Object v = r.fields().get(m.getKey());
                if (v != null && m.getValue().equals("name")) name = v.toString();
            }
            Geometry g = r.geometry();
            try {
                outline.replaceImported(name, g);
                stored.run();
            } catch (ApiProblem e) {
                problems.add(r.index(), e.messageKey(), e.getMessage(), e.arguments());
            } catch (GeoJsonFormatException e) {
                problems.add(r.index(), e.messageKey(), e.getMessage(), e.arguments());
            }
        });
    }
}
