package org.gridwatch.basemap;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.CurrentActor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Tianditu key: read by every page load (kept in memory after the first read), written by the admin.
 */
@Service
public class BaseMapService {

    private final BaseMapStore store;
    private final CurrentActor actor;
    /** The key as last read or written; an empty Optional when none is set; null before the first read. */
    private final AtomicReference<Optional<String>> cached = new AtomicReference<>();

    BaseMapService(BaseMapStore store, CurrentActor actor) {
        this.store = store;
        this.actor = actor;
    }

    /** The stored Tianditu key, if the admin entered one. */
    public Optional<String> tiandituKey() {
        Optional<String> key = cached.get();
        if (key == null) {
            key = store.tiandituKey();
            cached.set(key);
        }
        return key;
    }

    /** Stores a new key. A missing key or one of the wrong form is refused and nothing changes. */
    @Transactional
    public Optional<String> setTiandituKey(String key) {
        if (!TiandituTiles.isKey(key)) {
            throw ApiProblem.badRequest("basemap.tianditu.key.invalid",
                    "a Tianditu key is 32 hexadecimal characters (copy it from the Tianditu console)");
        }
        return write(key.trim());
    }

    /** Removes the key: Tianditu is no longer offered. */
    @Transactional
    public Optional<String> clearTiandituKey() {
        return write(null);
    }

    private Optional<String> write(String key) {
        store.writeTiandituKey(key, actor.name());
        Optional<String> now = Optional.ofNullable(key);
        cached.set(now);
        return now;
    }
}
