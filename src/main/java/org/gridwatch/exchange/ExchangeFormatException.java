package org.gridwatch.exchange;

import java.util.List;

/**
 * A refusal raised by the pure exchange classes (a broken or hostile file, an unknown coordinate
 * system, a size limit): a message key of {@code i18n/exchange*.properties}, its arguments, and an
 * English message for logs. The service turns it into an {@code ApiProblem} with the same key.
 */
public class ExchangeFormatException extends RuntimeException {

    private final String messageKey;
    private final List<Object> arguments;

    public ExchangeFormatException(String messageKey, String englishMessage, Object... arguments) {
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
