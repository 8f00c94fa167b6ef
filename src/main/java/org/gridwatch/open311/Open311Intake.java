package org.gridwatch.open311;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

import org.gridwatch.cases.CaseSource;
import org.gridwatch.cases.publicreport.CaseIntake;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.TextLimits;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A GeoReport POST made into a case of source {@code open311}: the key must be live, the service code
 * an active class, the place given as {@code lat} and {@code long} or as an {@code address_string}
 * found in the district; the contact fields ({@code first_name}, {@code last_name}, {@code phone},
 * {@code email}) become the staff-only reporter fields and are never published. Nothing is stored when
 * anything is refused. {@code media_url} must be an http(s) URL and is published back as it came.
 */
@Service
class Open311Intake {

    /** The answer: the case's number (the service_request_id) and its service notice. */
    record Created(String number, String serviceNotice) {
    }

    private final Open311Keys keys;
    private final Open311Queries queries;
    private final Open311Service service;
    private final CaseIntake cases;
    private final TransactionTemplate tx;

    Open311Intake(Open311Keys keys, Open311Queries queries, Open311Service service, CaseIntake cases,
                  PlatformTransactionManager transactions) {
        this.tx = new TransactionTemplate(transactions);
        this.keys = keys;
        this.queries = queries;
        this.service = service;
        this.cases = cases;
    }

    /** Not one transaction: the case core stores the case in its own; the partner's extras follow in another. */
    public Created create(Map<String, String> p, Locale locale) {
        String key = blankToNull(p.get("api_key"));
        if (key == null) throw new ApiProblem(403, "open311.key.missing", "api_key is missing");
        long keyId = keys.check(key).orElseThrow(() -> new ApiProblem(403, "open311.key.invalid", "invalid api_key"));
        String code = blankToNull(p.get("service_code"));
        if (code == null) throw missing("service_code");
        Open311Queries.ClassRow service = queries.activeClass(code).orElseThrow(() -> ApiProblem.badRequest(
                "open311.service.unknown", "no service " + code, code));
        String latText = blankToNull(p.get("lat")), lonText = blankToNull(p.get("long"));
        String address = blankToNull(p.get("address_string"));
        double lat, lon;
        if (latText != null || lonText != null) {
            if (latText == null) throw missing("lat");
            if (lonText == null) throw missing("long");
            lat = coordinate("lat", latText, 90);
            lon = coordinate("long", lonText, 180);
        } else if (address != null) {
            TextLimits.atMost("address_string", address, 300);
            double[] at = queries.locate(address);
            if (at == null) throw ApiProblem.badRequest("open311.address.notFound", "address not found: " + address, address);
            lon = at[0];
            lat = at[1];
        } else {
            throw ApiProblem.badRequest("open311.location.missing", "lat and long, or address_string, are required");
        }
        String description = blankToNull(p.get("description"));
        TextLimits.atMost("description", description, 2000);
        String mediaUrl = blankToNull(p.get("media_url"));
        if (mediaUrl != null) {
            TextLimits.atMost("media_url", mediaUrl, 1000);
            if (!httpUrl(mediaUrl)) throw Open311Service.field("media_url", mediaUrl);
        }
        String name = join(blankToNull(p.get("last_name")), blankToNull(p.get("first_name")));
        String phone = blankToNull(p.get("phone"));
        TextLimits.atMost("phone", phone, 32);
        TextLimits.atMost("name", name, 100);
        // GeoReport has no retry id: a repeated POST is a second request, as the spec has it.
        CaseIntake.Created created = cases.create(new CaseIntake.Draft(null, CaseSource.OPEN311,
                "open311:" + keys.name(keyId), service.code(), lon, lat, description, address, name, phone));
        tx.executeWithoutResult(status -> queries.recordRequest(created.id(), keyId, address, mediaUrl));
        return new Created(created.number(), this.service.notice(service.handleMinutes(), locale));
    }

    private static double coordinate(String name, String text, double limit) {
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isFinite(v) && Math.abs(v) <= limit) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw Open311Service.field(name, text);
    }

    private static boolean httpUrl(String s) {
        try {
            URI u = URI.create(s.trim());
            return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String join(String last, String first) {
        if (last == null) return first;
        return first == null ? last : last + first;
    }

    private static ApiProblem missing(String field) {
        return ApiProblem.badRequest("open311.field.missing", field + " is required", field);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
