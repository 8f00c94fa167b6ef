package org.gridwatch.history;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.gridwatch.system.ApiProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Lists history entries and restores objects from them. */
@Service
public class HistoryService {

    private static final Pattern ENTITY = Pattern.compile("[a-z][a-z_]{0,31}");

    private final ChangeHistory history;
    private final Map<String, Restorer> restorers;

    HistoryService(ChangeHistory history, List<Restorer> restorers) {
        this.history = history;
        this.restorers = restorers.stream().collect(Collectors.toMap(Restorer::entity, Function.identity()));
    }

    /** A page of entries, newest first, and how many match in all. */
    public record Page(List<HistoryEntry> entries, long numberMatched) {
    }

    /** @param entity null for every entity; {@code entityId} needs an entity */
    @Transactional(readOnly = true)
    public Page list(String entity, String entityId, int limit, long offset) {
        if (entity != null && !ENTITY.matcher(entity).matches()) {
            throw ApiProblem.badRequest("history.entity.invalid",
                    "entity must be a lower-case name such as grid or feature (got '" + entity + "')", entity);
        }
        if (entity == null && entityId != null) {
            throw ApiProblem.badRequest("history.id.needsEntity", "id needs entity (for example entity=grid&id=A01)");
        }
        List<HistoryEntry> entries = history.page(entity, entityId, limit, offset);
        long matched = entries.size() < limit && offset == 0 ? entries.size() : history.count(entity, entityId);
        return new Page(entries, matched);
    }

    /**
     * Brings an object back to the state before the change {@code entryId} recorded: a deleted object comes
     * back under its old id, an overwritten one gets its earlier properties and geometry. The restore is
     * itself a change (a {@code restore} entry, a new version), checked by the same rules as any write.
     *
     * @return the entity name and id of the restored object
     */
    @Transactional
    public Map<String, Object> restore(long entryId) {
        HistoryEntry entry = history.find(entryId).orElseThrow(() -> ApiProblem.notFound("history.entry.notFound",
                "no history entry " + entryId, String.valueOf(entryId)));
        if (entry.entityId() == null || entry.beforeProperties() == null) {
            String why = entry.entityId() == null ? "it records a bulk of " + entry.batchCount() + " rows"
                    : "it records the " + entry.action().key() + " of " + entry.entity() + " " + entry.entityId()
                    + ", which had no earlier state";
            throw ApiProblem.conflict("history.restore.nothingBefore",
                    "history entry " + entryId + " holds no earlier state to restore: " + why,
                    String.valueOf(entryId)).with("action", entry.action().key());
        }
        Restorer restorer = restorers.get(entry.entity());
        if (restorer == null) {
            throw ApiProblem.conflict("history.restore.unsupported",
                    "objects of kind " + entry.entity() + " cannot be restored", entry.entity());
        }
        restorer.restore(entry.entityId(), entry.beforeProperties(), entry.beforeGeometry());
        return Map.of("entity", entry.entity(), "id", entry.entityId(), "restoredFrom", entryId);
    }
}
