package org.gridwatch.open311;

import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes GeoReport v2 documents as JSON or XML, with the spec's member names and element names:
 * <ul>
 *   <li>services: JSON array of objects / {@code <services><service>…</service></services>};</li>
 *   <li>service requests: JSON array / {@code <service_requests><request>…</request></service_requests>};</li>
 *   <li>the answer to a POST: the same wrapper with {@code service_request_id}, {@code service_notice},
 *       {@code account_id};</li>
 *   <li>errors: JSON array of {@code {code, description}} / {@code <errors><error>…</error></errors>}.</li>
 * </ul>
 * Every member the spec lists is written, null when unknown (JSON null, empty XML element), so clients
 * that index by name find them all. Times are ISO 8601 with their offset ({@code 2026-12-07T09:30:00+08:00}),
 * as the spec requires. Stateless and thread-safe.
 */
public final class GeoReportFormat {

    /** {@code json} or {@code xml}, from the extension of the request path. */
    public enum Type {
        JSON, XML;

        public static Type ofExtension(String extension) {
            if (extension == null) return null;
            return switch (extension.toLowerCase(Locale.ROOT)) {
                case "json" -> JSON;
                case "xml" -> XML;
                default -> null;
            };
        }

        public String contentType() {
            return this == JSON ? "application/json;charset=UTF-8" : "text/xml;charset=UTF-8";
        }
    }

    /** A service (case class) as GeoReport publishes it; {@code keywords} comma-separated. */
    public record Service(String code, String name, String description, String group, String keywords) {
    }

    /** A service request (case) as published: nothing in it names or reaches a person. */
    public record Request(String id, String status, String statusNotes, String serviceName, String serviceCode,
                          String description, String agencyResponsible, String serviceNotice,
                          OffsetDateTime requested, OffsetDateTime updated, OffsetDateTime expected,
                          String address, Double lat, Double lon, String mediaUrl) {
    }

    /** The answer to a created request. */
    public record Created(String id, String serviceNotice) {
    }

    /** One error of the spec's error list: an HTTP-like code and a sentence. */
    public record Error(int code, String description) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private GeoReportFormat() {
    }

    public static String services(List<Service> services, Type type) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Service s : services) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service_code", s.code());
            m.put("service_name", s.name());
            m.put("description", s.description());
            // No service has extra attributes (a service definition): GeoReport's "metadata" says so.
            m.put("metadata", false);
            m.put("type", "realtime");
            m.put("keywords", s.keywords());
            m.put("group", s.group());
            rows.add(m);
        }
        return write(rows, type, "services", "service");
    }

    public static String requests(List<Request> requests, Type type) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Request r : requests) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service_request_id", r.id());
            m.put("status", r.status());
            m.put("status_notes", r.statusNotes());
            m.put("service_name", r.serviceName());
            m.put("service_code", r.serviceCode());
            m.put("description", r.description());
            m.put("agency_responsible", r.agencyResponsible());
            m.put("service_notice", r.serviceNotice());
            m.put("requested_datetime", time(r.requested()));
            m.put("updated_datetime", time(r.updated()));
            m.put("expected_datetime", time(r.expected()));
            m.put("address", r.address());
            m.put("address_id", null);
            m.put("zipcode", null);
            m.put("lat", r.lat());
            m.put("long", r.lon());
            m.put("media_url", r.mediaUrl());
            rows.add(m);
        }
        return write(rows, type, "service_requests", "request");
    }

    public static String created(Created created, Type type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service_request_id", created.id());
        m.put("service_notice", created.serviceNotice());
        m.put("account_id", null);
        return write(List.of(m), type, "service_requests", "request");
    }

    public static String errors(List<Error> errors, Type type) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Error e : errors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", e.code());
            m.put("description", e.description());
            rows.add(m);
        }
        return write(rows, type == null ? Type.JSON : type, "errors", "error");
    }

    private static String time(OffsetDateTime t) {
        return t == null ? null : ISO.format(t);
    }

    private static String write(List<Map<String, Object>> rows, Type type, String root, String element) {
        if (type == Type.JSON) return JSON.writeValueAsString(rows);
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement(root);
            for (Map<String, Object> row : rows) {
                x.writeStartElement(element);
                for (Map.Entry<String, Object> e : row.entrySet()) {
                    if (e.getValue() == null) {
                        x.writeEmptyElement(e.getKey());
                    } else {
                        x.writeStartElement(e.getKey());
                        x.writeCharacters(xmlText(String.valueOf(e.getValue())));
                        x.writeEndElement();
                    }
                }
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** Drops the characters XML 1.0 cannot carry at all (control characters other than tab, CR, LF). */
    static String xmlText(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF;
            if (bad && b == null) b = new StringBuilder(s.substring(0, i));
            if (!bad && b != null) b.append(c);
        }
        return b == null ? s : b.toString();
    }
}
