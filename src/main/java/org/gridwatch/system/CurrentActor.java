package org.gridwatch.system;

/**
 * Who is making the current change, as the change history records it. This is a seam: the default
 * ({@link ActorConfig}) names the HTTP request's authenticated user, or {@code "system"} outside a
 * request (startup loads, scheduled work); an accounts module replaces it with a {@code @Primary} bean
 * that reads its own security context.
 */
public interface CurrentActor {

    /** The actor's name, never null or blank. */
    String name();
}
