package org.gridwatch.inspection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * Checks an inspection outcome (a JSON object) against its feature type's fields: every key must be
 * a field of the type, every value of the field's kind (a boolean, a whole number, a number, one of
 * the enum's values, a string) and within its bounds; JSON null means "not recorded" and is allowed.
 * Fields may be left out. Also checks the cross-field rules of the seeded types: positive dips
 * cannot exceed dips taken; a room check's counts (rooms with rodent signs, flies, cockroaches, egg
 * cases, cockroach signs) cannot exceed the rooms checked, compliant facilities cannot exceed those
 * checked, and a part is refused without its whole (rooms with flies but no rooms checked; compliant
 * without checked; mosquitoes without person-checks; positive containers without households).
 * Thread-safe, no state.
 */
public final class OutcomeValidator {

    /** Why an outcome was refused: a stable code, the offending field and English text. */
    public record Issue(String code, String field, String english) {
    }

    /** Part field → the whole it is a part of (the part may not exceed the whole). */
    private static final Map<String, String> PARTS = Map.of(
            "roomsWithRodentSigns", "roomsChecked", "roomsWithFlies", "roomsChecked",
            "roomsWithCockroaches", "roomsChecked", "roomsWithEggCases", "roomsChecked",
            "roomsWithCockroachSigns", "roomsChecked", "ratProofingCompliant", "ratProofingChecked",
            "flyProofingCompliant", "flyProofingChecked");
    /** Count field → the denominator it needs (it may exceed it: a house can hold several containers). */
    private static final Map<String, String> NEEDS = Map.of("mosquitoes", "personChecks",
            "positiveContainers", "households", "ratProofingChecked", "ratProofingCompliant",
            "flyProofingChecked", "flyProofingCompliant");

    private OutcomeValidator() {
    }

    /** The first problem of {@code outcome}, or empty when it fits {@code fields}. */
    public static Optional<Issue> check(JsonNode outcome, List<InspectionField> fields) {
        if (outcome == null || outcome.isNull() || outcome.isMissingNode()) {
            return Optional.empty();
        }
        if (!outcome.isObject()) {
            return Optional.of(new Issue("inspection.outcome.notObject", null, "outcome must be a JSON object"));
        }
        Map<String, InspectionField> byKey = new HashMap<>();
        for (InspectionField f : fields) byKey.put(f.key(), f);
        for (Map.Entry<String, JsonNode> e : outcome.properties()) {
            InspectionField f = byKey.get(e.getKey());
            if (f == null) {
                return Optional.of(new Issue("inspection.outcome.unknownField", e.getKey(),
                        "outcome field '" + e.getKey() + "' is not defined for this feature type"));
            }
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            Optional<Issue> issue = value(f, v);
            if (issue.isPresent()) return issue;
        }
        JsonNode dips = outcome.get("dips");
        JsonNode positive = outcome.get("positiveDips");
        if (dips != null && positive != null && dips.isIntegralNumber() && positive.isIntegralNumber()
                && positive.longValue() > dips.longValue()) {
            return Optional.of(new Issue("inspection.outcome.positiveDips", "positiveDips",
                    "positiveDips (" + positive.longValue() + ") cannot exceed dips (" + dips.longValue() + ")"));
        }
        for (String part : new java.util.TreeSet<>(PARTS.keySet())) {
            JsonNode p = outcome.get(part);
            if (p == null || !p.isNumber()) continue;
            String whole = PARTS.get(part);
            JsonNode w = outcome.get(whole);
            if (w == null || !w.isNumber()) {
                return Optional.of(new Issue("inspection.outcome.wholeMissing", part,
                        part + " needs " + whole + " in the same record"));
            }
            if (p.longValue() > w.longValue()) {
                return Optional.of(new Issue("inspection.outcome.partExceedsWhole", part,
                        part + " (" + p.longValue() + ") cannot exceed " + whole + " (" + w.longValue() + ")"));
            }
        }
        for (String count : new java.util.TreeSet<>(NEEDS.keySet())) {
            JsonNode c = outcome.get(count);
            JsonNode d = outcome.get(NEEDS.get(count));
            if (c != null && c.isNumber() && (d == null || !d.isNumber())) {
                return Optional.of(new Issue("inspection.outcome.wholeMissing", count,
                        count + " needs " + NEEDS.get(count) + " in the same record"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Issue> value(InspectionField f, JsonNode v) {
        boolean ok = switch (f.kind()) {
            case "boolean" -> v.isBoolean();
            case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()));
            case "number" -> v.isNumber() && Double.isFinite(v.doubleValue());
            case "enum" -> v.isString() && f.options().stream().anyMatch(o -> o.value().equals(v.asString()));
            case "text" -> v.isString() && v.asString().length() <= 500;
            default -> false;
        };
        if (!ok) {
            return Optional.of(new Issue("inspection.outcome.wrongKind", f.key(),
                    "outcome field '" + f.key() + "' must be of kind " + f.kind() + (f.kind().equals("enum")
                            ? " (one of " + f.options().stream().map(InspectionField.Option::value).toList() + ")" : "")
                            + ", got " + v));
        }
        if (v.isNumber()) {
            double d = v.doubleValue();
            if ((f.min() != null && d < f.min()) || (f.max() != null && d > f.max())) {
                return Optional.of(new Issue("inspection.outcome.range", f.key(),
                        "outcome field '" + f.key() + "' must be between " + (f.min() == null ? "-∞" : f.min()) + " and "
                                + (f.max() == null ? "∞" : f.max()) + ", got " + v));
            }
        }
        return Optional.empty();
    }
}
