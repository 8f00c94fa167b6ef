package org.gridwatch.system;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

import org.gridwatch.geo.GeoJsonFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Turns every refusal into {@code application/problem+json} (RFC 9457) in the caller's language
 * (Accept-Language; Chinese by default).
 */
@RestControllerAdvice
class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final MessageSource messages;

    ProblemAdvice(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem e) {
        return problem(e.status(), e.messageKey(), e.arguments(), e.getMessage(), e.properties());
    }

    @ExceptionHandler(GeoJsonFormatException.class)
    ResponseEntity<ProblemDetail> geoJson(GeoJsonFormatException e) {
        return problem(400, e.messageKey(), e.arguments(), e.getMessage(), Map.of());
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> staleVersion(OptimisticLockingFailureException e) {
        return problem(409, "version.stale.concurrent", new Object[0],
                "the object was changed by someone else at the same time; reload it and try again", Map.of());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return problem(400, "request.unreadable", new Object[0], "the request body could not be read", Map.of());
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ProblemDetail> badParameter(Exception e) {
        String name = e instanceof MissingServletRequestParameterException m ? m.getParameterName()
                : ((MethodArgumentTypeMismatchException) e).getName();
        return problem(400, "request.parameter", new Object[]{name}, "invalid or missing parameter " + name, Map.of());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
        return problem(413, "request.tooLarge", new Object[0], "the upload is larger than allowed", Map.of());
    }

    /**
     * The net under {@link TextLimits}: a value the store found too long for its column (SQLState 22001)
     * is the caller's error, a 400, not a 500. H2 names the column in its message; PostgreSQL does not,
     * so there the answer can only say that some value was too long. Any other integrity error is
     * rethrown: it is a bug, and a 500 says so.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
        java.sql.SQLException sql = null;
        for (Throwable t = e; t != null && sql == null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s) sql = s;
        }
        if (sql == null || !"22001".equals(sql.getSQLState())) throw e;
        String column = tooLongColumn(sql.getMessage());
        log.warn("a value too long for its column reached the store; validate it before writing: {}", sql.getMessage());
        return column == null
                ? problem(400, "request.value.tooLong.unnamed", new Object[0], "a value is longer than its field allows",
                Map.of())
                : problem(400, "request.value.tooLong", new Object[]{column},
                "the value of " + column + " is longer than the field allows", Map.of("field", column));
    }

    /** The field named in H2's "Value too long for column "PHONE CHARACTER VARYING(32)"", as the API spells it (phone, responsiblePerson). */
    static String tooLongColumn(String message) {
        if (message == null) return null;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)too long for column \"([A-Za-z0-9_]+)[ \"]")
                .matcher(message);
        if (!m.find()) return null;
        String[] parts = m.group(1).toLowerCase(Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty()) name.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return name.toString();
    }

    private ResponseEntity<ProblemDetail> problem(int status, String key, Object[] args, String english,
                                                  Map<String, Object> extra) {
        Locale locale = LocaleContextHolder.getLocale();
        String detail = messages.getMessage(key, args, english, locale);
        ProblemDetail body = ProblemDetail.forStatus(status);
        HttpStatus known = HttpStatus.resolve(status);
        String titleKey = "problem.title." + status;
        body.setTitle(messages.getMessage(titleKey, null, known == null ? "Error" : known.getReasonPhrase(), locale));
        body.setDetail(detail);
        body.setType(URI.create("urn:gridwatch:problem:" + key));
        body.setProperty("code", key);
        extra.forEach(body::setProperty);
        if (status >= 500) {
            log.error("{}: {}", key, english);
        } else {
            log.debug("refused {} {}: {}", status, key, english);
        }
        return ResponseEntity.status(status).contentType(PROBLEM_JSON).body(body);
    }
}
