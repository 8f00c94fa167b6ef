package org.gridwatch.system;

import java.net.URI;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** GeoJSON bodies are written by {@code GeoJsonWriter}; this sets their media type (RFC 7946). */
public final class GeoJsonResponses {

    public static final MediaType GEO_JSON = new MediaType("application", "geo+json", java.nio.charset.StandardCharsets.UTF_8);

    private GeoJsonResponses() {
    }

    public static ResponseEntity<String> ok(String json) {
        return ResponseEntity.ok().contentType(GEO_JSON).body(json);
    }

    public static ResponseEntity<String> created(URI location, String json) {
        return ResponseEntity.created(location).contentType(GEO_JSON).body(json);
    }
}
