package org.gridwatch.inspection;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.gridwatch.geo.GeoJsonWriter;
import org.gridwatch.system.ApiProblem;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Request and response helpers shared by the inspection, density and summary controllers. */
public final class ApiValues {

    private ApiValues() {
    }

    public static ResponseEntity<String> json(int status, Object body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(write(body));
    }

    public static String write(Object body) {
        StringBuilder out = new StringBuilder();
        GeoJsonWriter.writeValue(body, out);
        return out.toString();
    }

    /** A YYYY-MM-DD parameter; null when absent; 400 inspection.date.invalid when malformed. */
    public static LocalDate date(String name, String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("inspection.date.invalid", name + " must be a date YYYY-MM-DD, got " + text, name, text);
        }
    }
}
