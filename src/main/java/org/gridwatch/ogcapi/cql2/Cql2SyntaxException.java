package org.gridwatch.ogcapi.cql2;

/**
 * A filter that is not valid CQL2. {@code position} says where: the 1-based character of CQL2 text, or
 * the JSON path (such as {@code $.args[1].op}) of CQL2 JSON; the message (English) says what was expected.
 */
public final class Cql2SyntaxException extends IllegalArgumentException {

    private final String position;

    public Cql2SyntaxException(String position, String message) {
        super(message);
        this.position = position;
    }

    public String position() {
        return position;
    }
}
