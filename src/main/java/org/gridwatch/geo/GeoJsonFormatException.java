package org.gridwatch.geo;

import java.util.List;

/**
 * Thrown when a GeoJSON document is not well formed. Carries a message key and its arguments so the
 * web layer can explain the problem in the caller's language; {@link #getMessage()} is English.
 */
public class GeoJsonFormatException extends RuntimeException {

    private final String messageKey;
    private final List<Object> arguments;

    public GeoJsonFormatException(String messageKey, String englishMessage, Object... arguments) {
        super(englishMessage);
        this.messageKey = messageKey;
        this.arguments = List.of(arguments);
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] arguments() {
        return arguments.toArray();
    }
}
