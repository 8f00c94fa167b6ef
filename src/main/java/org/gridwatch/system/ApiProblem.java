package org.gridwatch.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refusal the API explains to its caller as {@code application/problem+json} (RFC 9457): an HTTP
 * status, a message key resolved in the caller's language (messages*.properties), its arguments,
 * and extra members (such as the conflicting grid's code) that clients can read without parsing
 * text. {@link #getMessage()} holds the English text for logs.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String messageKey;
    private final List<Object> arguments;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiProblem(int status, String messageKey, String englishMessage, Object... arguments) {
        super(englishMessage);
        this.status = status;
        this.messageKey = messageKey;
        this.arguments = List.of(arguments);
    }

    public static ApiProblem badRequest(String key, String english, Object... args) {
        return new ApiProblem(400, key, english, args);
    }

    public static ApiProblem notFound(String key, String english, Object... args) {
        return new ApiProblem(404, key, english, args);
    }

    public static ApiProblem conflict(String key, String english, Object... args) {
        return new ApiProblem(409, key, english, args);
    }

    /** Adds a member to the problem body, for clients to read. */
    public ApiProblem with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] arguments() {
        return arguments.toArray();
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
