package org.gridwatch.cases.publicreport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.gridwatch.cases.CaseSource;
import org.gridwatch.cases.PhotoSniffer;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.TextLimits;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Residents' reports: checks everything a stranger can get wrong before anything is stored, hands the
 * report to {@link CaseIntake} and gives it a tracking number; answers the tracking page.
 */
@Service
public class PublicReportService {

    /** Thrown before anything is read or stored when the client address sent too many reports. */
    public static final class Throttled extends RuntimeException {
        private final Duration wait;

        Throttled(Duration wait) {
            super("too many reports; retry after " + wait.toSeconds() + " s");
            this.wait = wait;
        }

        public long retryAfterSeconds() {
            return Math.max(1, (wait.toMillis() + 999) / 1000);
        }
    }

    /**
     * A report as the page sends it (photo as base64 of JPEG, PNG or WebP bytes). {@code clientId} makes a
     * retry return the stored report; {@code submitterToken} is the page's random per-browser token that
     * scopes it ({@link ReportRetryKey}).
     */
    public record Report(String clientId, String submitterToken, Double lon, Double lat, String classCode,
                         String description, String name, String phone, String photo) {
    }

    private final CaseIntake cases;
    private final TransactionTemplate tx;
    private final GridService grids;
    private final PublicReportQueries queries;
    private final ReportRateLimiter limiter;
    private final TrackingNumbers numbers = TrackingNumbers.secure();
    private final int maxPhotoBytes;

    PublicReportService(CaseIntake cases, GridService grids, PublicReportQueries queries,
                        PlatformTransactionManager transactions,
                        @Value("${gridwatch.public-report.max-photo-bytes:5242880}") int maxPhotoBytes,
                        @Value("${gridwatch.public-report.per-window:5}") int perWindow,
                        @Value("${gridwatch.public-report.window:10m}") Duration window,
                        @Value("${gridwatch.public-report.per-day:30}") int perDay) {
        this.cases = cases;
        this.tx = new TransactionTemplate(transactions);
        this.grids = grids;
        this.queries = queries;
        this.maxPhotoBytes = maxPhotoBytes;
        this.limiter = new ReportRateLimiter(new ReportRateLimiter.Limits(perWindow, window, perDay, 10_000), System::nanoTime);
    }

    public int maxPhotoBytes() {
        return maxPhotoBytes;
    }

    /** The largest request body a report may have: the photo in base64 plus room for the text fields. */
    public long maxBodyBytes() {
        return (long) maxPhotoBytes * 4 / 3 + 64 * 1024;
    }

    /** Counts a report from {@code address}, or throws {@link Throttled}: first of all, before the body is read. */
    public void admit(String address) {
        Duration wait = limiter.tryAcquire(address);
        if (!wait.isZero()) throw new Throttled(wait);
    }

    @Transactional(readOnly = true)
    public List<Map<String, Object>> classes(Locale locale) {
        boolean en = "en".equals(locale.getLanguage());
        List<Map<String, Object>> out = new ArrayList<>();
        for (PublicReportQueries.ActiveClass c : queries.classes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", c.code());
            m.put("name", (en ? c.categoryEn() : c.categoryZh()) + " · " + (en ? c.nameEn() : c.nameZh()));
            out.add(m);
        }
        return out;
    }

    /** A small grid for the page opened from its QR code: code, name, outline; never its responsible person. */
    @Transactional(readOnly = true)
    public GridView smallGrid(String code) {
        return grids.find(code).filter(g -> g.level() == GridLevel.SMALL).orElseThrow(() -> ApiProblem.notFound(
                "publicReport.grid.notFound", "no grid " + code, code));
    }

    /**
     * Stores a report (after {@link #admit}); answers its tracking number. Not one transaction: the case
     * core stores the case in its own (a retry with the clientId then finds it), the photo and the
     * tracking number follow in another.
     */
    public String report(Report r, String address) {
        if (r.lon() == null || r.lat() == null) throw missing("lon/lat");
        if (!Double.isFinite(r.lon()) || !Double.isFinite(r.lat()) || Math.abs(r.lon()) > 180 || Math.abs(r.lat()) > 90) {
            throw ApiProblem.badRequest("publicReport.point.invalid", "lon/lat out of range");
        }
        if (r.classCode() == null || r.classCode().isBlank()) throw missing("classCode");
        String classCode = r.classCode().trim();
        if (queries.classes().stream().noneMatch(c -> c.code().equals(classCode))) {
            throw ApiProblem.badRequest("publicReport.class.unknown", "no class " + classCode, classCode);
        }
        if (r.description() == null || r.description().isBlank()) throw missing("description");
        TextLimits.atMost("description", r.description().trim(), 1000);
        TextLimits.atMost("name", r.name(), 100);
        TextLimits.atMost("phone", r.phone(), 32);
        String clientId = retryKey(r, address);
        byte[] photo = photo(r.photo());
        // The case core refuses a point in no small grid unless it is inside the district (then: no grid).
        CaseIntake.Created created = cases.create(new CaseIntake.Draft(clientId, CaseSource.RESIDENT, "public", classCode,
                r.lon(), r.lat(), r.description().trim(), null, blankToNull(r.name()), blankToNull(r.phone())));
        return tx.execute(status -> {
            var existing = queries.trackingCodeOf(created.id());
            if (existing.isPresent()) return existing.get();
            if (photo != null) queries.insertBeforePhoto(created.id(), PhotoSniffer.contentType(photo), photo);
            for (int attempt = 0; ; attempt++) {
                String code = numbers.next();
                if (queries.insert(code, created.id())) return code;
                if (attempt > 10) throw new IllegalStateException("no free tracking number after 10 draws");
            }
        });
    }

    /**
     * The clientId the case is stored under, scoped to the submitter ({@link ReportRetryKey}); null when
     * the page sent none (then every report is new).
     */
    private static String retryKey(Report r, String address) {
        String token = blankToNull(r.submitterToken());
        if (token != null && !ReportRetryKey.validToken(token)) {
            throw ApiProblem.badRequest("publicReport.submitter.invalid",
                    "submitterToken must be 16-128 letters, digits, - or _");
        }
        String clientId = blankToNull(r.clientId());
        if (clientId == null) return null;
        if (!ReportRetryKey.validClientId(clientId)) {
            throw ApiProblem.badRequest("publicReport.clientId.invalid", "clientId must be 1-64 letters, digits or . _ : -");
        }
        return ReportRetryKey.of(clientId, token, address);
    }

    private byte[] photo(String base64) {
        if (base64 == null || base64.isBlank()) return null;
        if ((long) base64.length() * 3 / 4 > maxPhotoBytes + 3) throw tooLarge();
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("publicReport.photo.encoding", "the photo is not base64");
        }
        if (bytes.length > maxPhotoBytes) throw tooLarge();
        if (PhotoSniffer.contentType(bytes) == null) {
            throw new ApiProblem(415, "publicReport.photo.notImage", "the photo is not a JPEG, PNG or WebP image");
        }
        return bytes;
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(413, "publicReport.photo.tooLarge", "the photo is larger than " + maxPhotoBytes + " bytes",
                maxPhotoBytes).with("maxBytes", maxPhotoBytes);
    }

    /** The tracking page's answer. */
    @Transactional(readOnly = true)
    public Map<String, Object> progress(String typed, Locale locale) {
        String code = TrackingNumbers.normalise(typed);
        PublicReportQueries.Progress p = code == null ? null : queries.progress(code).orElse(null);
        if (p == null) {
            throw ApiProblem.notFound("publicReport.tracking.notFound", "no report " + typed,
                    typed == null ? "" : typed.length() > 20 ? typed.substring(0, 20) : typed);
        }
        boolean en = "en".equals(locale.getLanguage());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trackingNumber", p.trackingCode());
        m.put("status", p.status());
        m.put("className", en ? p.classEn() : p.classZh());
        List<Map<String, Object>> steps = new ArrayList<>();
        step(steps, "reported", p.reportedAt());
        step(steps, "registered", p.registeredAt());
        step(steps, "dispatched", p.dispatchedAt());
        step(steps, "handled", p.handledAt());
        step(steps, "verified", p.verifiedAt());
        step(steps, "closed", p.closedAt());
        m.put("steps", steps);
        m.put("updatedAt", p.updatedAt() == null ? null : p.updatedAt().toString());
        m.put("overdue", p.stageDeadline() != null && p.stageDeadline().isBefore(Instant.now()));
        return m;
    }

    private static void step(List<Map<String, Object>> steps, String stage, Instant at) {
        if (at == null) return;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("stage", stage);
        s.put("at", at.toString());
        steps.add(s);
    }

    private static ApiProblem missing(String field) {
        return ApiProblem.badRequest("publicReport.field.missing", field + " is required", field);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
