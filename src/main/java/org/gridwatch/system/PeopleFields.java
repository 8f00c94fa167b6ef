package org.gridwatch.system;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * With {@code gridwatch.security.public-read} anyone may read the map layers, but never who works
 * where: a grid's responsible person and phone are left out of what an anonymous caller reads, and
 * filtering by them is refused. (Inspections, patrols and tracks are closed to anonymous callers
 * altogether, in SecurityConfig.)
 */
public final class PeopleFields {

    /** Properties naming or reaching a person. */
    public static final Set<String> NAMES = Set.of("responsiblePerson", "phone");

    private PeopleFields() {
    }

    /** Whether the current caller has no identity (only possible with public read on). */
    public static boolean hiddenFromCaller() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a == null || !a.isAuthenticated() || a instanceof AnonymousAuthenticationToken;
    }

    /** {@code properties} as the current caller may read them. */
    public static Map<String, Object> forCaller(Map<String, Object> properties) {
        if (!hiddenFromCaller() || NAMES.stream().noneMatch(properties::containsKey)) return properties;
        Map<String, Object> kept = new LinkedHashMap<>(properties);
        NAMES.forEach(kept::remove);
        return kept;
    }

    /** Refuses a filter on a person's property from a caller without identity. */
    public static void checkFilter(String property) {
        if (NAMES.contains(property) && hiddenFromCaller()) {
            throw ApiProblem.badRequest("publicRead.people", "sign in to see or filter by " + property, property);
        }
    }
}
