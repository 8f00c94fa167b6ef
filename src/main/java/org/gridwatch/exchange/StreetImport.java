package org.gridwatch.exchange;

import java.util.Map;
import java.util.function.Consumer;

import org.gridwatch.geo.GeoJsonFormatException;
import org.gridwatch.street.StreetService;
import org.gridwatch.system.ApiProblem;

/**
 * The street branch of an import: each record becomes one street segment through
 * {@link StreetService#create}, inside the import's transaction, so a refused segment is listed and,
 * with the others, rolled back.
 */
final class StreetImport {

    /** Receives a refused record. */
    interface Problems {
        void add(int index, String code, String detail, Object[] arguments);
    }

    private StreetImport() {
    }

    static void store(StreetService streets, Consumer<Consumer<ImportService.InRecord>> records,
                      Map<String, String> fieldMap, Problems problems, Runnable stored) {
        records.accept(r -> {
            if (r.fields().containsKey(ImportSources.ERROR)) {
                String reason = String.valueOf(r.fields().get(ImportSources.ERROR));
                problems.add(r.index(), "exchange.import.badRecord", reason, new Object[]{reason});
                return;
            }
            String name = null;
            String streetClass = null;
            for (Map.Entry<String, String> m : fieldMap.entrySet()) {
                Object v = r.fields().get(m.getKey());
                if (v == null) continue;
                if (m.getValue().equals("name")) name = v.toString();
                else if (m.getValue().equals("class")) streetClass = v.toString();
            }
            try {
                streets.create(name, streetClass, r.geometry());
                stored.run();
            } catch (ApiProblem e) {
                problems.add(r.index(), e.messageKey(), e.getMessage(), e.arguments());
            } catch (GeoJsonFormatException e) {
                problems.add(r.index(), e.messageKey(), e.getMessage(), e.arguments());
            }
        });
    }
}
