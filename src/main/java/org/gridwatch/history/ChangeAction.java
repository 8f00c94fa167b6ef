package org.gridwatch.history;

/** What a history entry records. */
public enum ChangeAction {
    CREATE, UPDATE, DELETE, RESTORE;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static ChangeAction parse(String key) {
        return valueOf(key.toUpperCase(java.util.Locale.ROOT));
    }
}
