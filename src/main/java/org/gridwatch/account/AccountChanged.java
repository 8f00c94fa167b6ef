package org.gridwatch.account;

/** An account was changed or removed (published inside the write's transaction). */
public record AccountChanged(String username) {
}
