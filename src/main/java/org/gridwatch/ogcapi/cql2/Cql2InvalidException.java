package org.gridwatch.ogcapi.cql2;

/**
 * A filter that is valid CQL2 but does not fit the collection: it names a property that is not one of its
 * queryables ({@link #unknownProperty()} is then that name), or it compares values of different types.
 */
public final class Cql2InvalidException extends IllegalArgumentException {

    private final String unknownProperty;

    private Cql2InvalidException(String message, String unknownProperty) {
        super(message);
        this.unknownProperty = unknownProperty;
    }

    static Cql2InvalidException unknownProperty(String name) {
        return new Cql2InvalidException("'" + name + "' is not a queryable of this collection", name);
    }

    static Cql2InvalidException type(String message) {
        return new Cql2InvalidException(message, null);
    }

    /** The property that is not a queryable, or null when the filter is wrong otherwise. */
    public String unknownProperty() {
        return unknownProperty;
    }
}
