package org.gridwatch.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Cases for the benchmark city: a year of reports spread over the small grids, each taken through the loop
 * (register or reject or merge, dispatch, handle, verify with an occasional rework, close) with stage times
 * drawn around the class's time limits, on the working calendar, and stopped where "now" (the end of the
 * year) interrupts it — so the last weeks hold cases in every stage, some of them overdue. Deterministic
 * for a seed; not thread-safe.
 *
 * <p>Mix: sources patrol 35 %, field 25 %, resident 15 %, hotline 15 %, open311 5 %, import 5 %; 3 % of
 * reports rejected, 2 % merged into an earlier case; a stage takes 0.1–1.4 × its limit (about 80 % on time);
 * 8 % of verifications send the case back once.
 */
public final class CaseGenerator {

    /** Working-time arithmetic (the district's calendar). */
    public interface Calendar {
        Instant plusWorkingMinutes(Instant start, long minutes);

        long workingMinutesBetween(Instant from, Instant to);
    }

    /** A small grid cases are reported in. */
    public record Grid(String code, String largeCode, Geometry geometry) {
    }

    /** A class with its limits in working minutes. */
    public record CaseClass(String code, String department, int register, int dispatch, int handle, int verify,
                            int close) {
    }

    /** One transition of a generated case. */
    public record Transition(String action, String from, String to, String actor, Instant at, String department) {
    }

    /** One generated case, with the columns of {@code cases} it fills. */
    public record Case(long id, String number, String source, String classCode, String status, double lon, double lat,
                       String smallGrid, String largeGrid, String description, String reporterName,
                       String reporterPhone, String reportedBy, String department, String assignee, Long mergedInto,
                       Instant reportedAt, Instant registeredAt, Instant dispatchedAt, Instant handledAt,
                       Instant verifiedAt, Instant closedAt, Instant stageDeadline, Instant registerDeadline,
                       Instant dispatchDeadline, Instant handleDeadline, Instant verifyDeadline, Instant closeDeadline,
                       int reworkCount, Integer handlingWorkMinutes, String handledBy, List<Transition> transitions) {
    }

    private static final String[] SOURCES = {"patrol", "field", "resident", "hotline", "open311", "import"};
    private static final double[] SOURCE_SHARE = {0.35, 0.25, 0.15, 0.15, 0.05, 0.05};
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final List<Grid> grids;
    private final List<PreparedGeometry> prepared = new ArrayList<>();
    private final List<CaseClass> classes;
    private final Calendar calendar;
    private final ZoneId zone;
    private final SplittableRandom random;
    private final GeometryFactory factory = new GeometryFactory();
    private final long[] lastCaseOfGrid;

    public CaseGenerator(List<Grid> grids, List<CaseClass> classes, Calendar calendar, ZoneId zone, long seed) {
        this.grids = grids;
        this.classes = classes;
        this.calendar = calendar;
        this.zone = zone;
        this.random = new SplittableRandom(seed);
        for (Grid g : grids) {
            prepared.add(PreparedGeometryFactory.prepare(g.geometry()));
        }
        this.lastCaseOfGrid = new long[grids.size()];
    }

    /**
     * Generates {@code count} cases reported on the days {@code first … last} (evenly per day), ids from
     * {@code firstId}, in order of report time, the loop cut at {@code now}.
     */
    public void generate(long count, LocalDate first, LocalDate last, Instant now, long firstId, Consumer<Case> sink) {
        int days = (int) (last.toEpochDay() - first.toEpochDay() + 1);
        long id = firstId;
        for (int d = 0; d < days; d++) {
            long today = count * (d + 1) / days - count * d / days;
            LocalDate day = first.plusDays(d);
            // reports between 07:00 and 20:00, in order
            long[] seconds = new long[(int) today];
            for (int i = 0; i < today; i++) {
                seconds[i] = 7 * 3600 + random.nextLong(13 * 3600);
            }
            java.util.Arrays.sort(seconds);
            Instant midnight = day.atStartOfDay(zone).toInstant();
            for (int i = 0; i < today; i++) {
                Instant reported = midnight.plusSeconds(seconds[i]);
                if (reported.isAfter(now)) {
                    return;
                }
                sink.accept(one(id++, day.format(DAY) + "-" + String.format("%04d", i + 1), reported, now));
            }
        }
    }

    private Case one(long id, String number, Instant reportedAt, Instant now) {
        int g = random.nextInt(grids.size());
        Grid grid = grids.get(g);
        Coordinate p = pointIn(g);
        CaseClass cls = classes.get(random.nextInt(classes.size()));
        String source = source();
        boolean resident = source.equals("resident") || source.equals("hotline");
        String reporter = source.equals("patrol") || source.equals("field") ? "w-" + grid.code() : null;
        List<Transition> ts = new ArrayList<>();
        String actor = reporter != null ? reporter : source.equals("open311") ? "open311" : "dispatcher-1";
        ts.add(new Transition("report", null, "reported", actor, reportedAt, null));
        Instant registerDeadline = calendar.plusWorkingMinutes(reportedAt, cls.register());
        Builder b = new Builder(id, number, source, cls, p, grid, reporter, resident, reportedAt, registerDeadline, ts);
        Instant registered = after(reportedAt, cls.register());
        if (registered.isAfter(now)) {
            return b.stop("reported", registerDeadline);
        }
        double fate = random.nextDouble();
        if (fate < 0.03) {
            ts.add(new Transition("reject", "reported", "rejected", "dispatcher-1", registered, null));
            return b.stop("rejected", null);
        }
        if (fate < 0.05 && lastCaseOfGrid[g] > 0) {
            ts.add(new Transition("merge", "reported", "merged", "dispatcher-1", registered, null));
            b.mergedInto = lastCaseOfGrid[g];
            return b.stop("merged", null);
        }
        lastCaseOfGrid[g] = id;
        b.registeredAt = registered;
        ts.add(new Transition("register", "reported", "registered", "dispatcher-1", registered, null));
        b.closeDeadline = calendar.plusWorkingMinutes(registered,
                (long) cls.dispatch() + cls.handle() + cls.verify() + cls.close());
        b.dispatchDeadline = calendar.plusWorkingMinutes(registered, cls.dispatch());
        Instant dispatched = after(registered, cls.dispatch());
        if (dispatched.isAfter(now)) {
            return b.stop("registered", b.dispatchDeadline);
        }
        b.department = cls.department();
        b.assignee = "h-" + cls.department() + "-" + random.nextInt(20);
        int rework = 0;
        while (true) {
            b.dispatchedAt = dispatched;
            ts.add(new Transition(rework == 0 ? "dispatch" : "rework", rework == 0 ? "registered" : "handled",
                    "dispatched", rework == 0 ? "dispatcher-1" : "w-" + grid.code(), dispatched, b.department));
            b.handleDeadline = calendar.plusWorkingMinutes(dispatched, cls.handle());
            Instant handled = after(dispatched, rework == 0 ? cls.handle() : cls.handle() / 2);
            if (handled.isAfter(now)) {
                b.reworkCount = rework;
                return b.stop("dispatched", b.handleDeadline);
            }
            b.handledAt = handled;
            b.handledBy = b.assignee;
            b.handlingMinutes = (int) calendar.workingMinutesBetween(dispatched, handled);
            ts.add(new Transition("handle", "dispatched", "handled", b.assignee, handled, null));
            b.verifyDeadline = calendar.plusWorkingMinutes(handled, cls.verify());
            Instant verified = after(handled, cls.verify());
            if (verified.isAfter(now)) {
                b.reworkCount = rework;
                return b.stop("handled", b.verifyDeadline);
            }
            if (rework == 0 && random.nextDouble() < 0.08) {
                rework = 1;
                dispatched = verified;
                continue;
            }
            b.reworkCount = rework;
            b.verifiedAt = verified;
            ts.add(new Transition("verify", "handled", "verified", "w-" + grid.code(), verified, null));
            break;
        }
        Instant closed = after(b.verifiedAt, cls.close());
        if (closed.isAfter(now)) {
            return b.stop("verified", b.closeDeadline);
        }
        b.closedAt = closed;
        ts.add(new Transition("close", "verified", "closed", "dispatcher-1", closed, null));
        return b.stop("closed", null);
    }

    /** A stage that takes 0.1–1.4 × its limit in working time. */
    private Instant after(Instant start, int limitMinutes) {
        return calendar.plusWorkingMinutes(start, Math.max(1, (long) (limitMinutes * (0.1 + 1.3 * random.nextDouble()))));
    }

    private String source() {
        double u = random.nextDouble();
        for (int i = 0; i < SOURCES.length; i++) {
            u -= SOURCE_SHARE[i];
            if (u < 0) return SOURCES[i];
        }
        return SOURCES[0];
    }

    private Coordinate pointIn(int g) {
        Geometry geom = grids.get(g).geometry();
        Envelope e = geom.getEnvelopeInternal();
        for (int attempt = 0; attempt < 50; attempt++) {
            Coordinate c = new Coordinate(e.getMinX() + random.nextDouble() * e.getWidth(),
                    e.getMinY() + random.nextDouble() * e.getHeight());
            if (prepared.get(g).contains(factory.createPoint(c))) {
                return c;
            }
        }
        return geom.getInteriorPoint().getCoordinate();
    }

    private final class Builder {
        final long id;
        final String number, source;
        final CaseClass cls;
        final Coordinate p;
        final Grid grid;
        final String reporter;
        final boolean resident;
        final Instant reportedAt, registerDeadline;
        final List<Transition> ts;
        Instant registeredAt, dispatchedAt, handledAt, verifiedAt, closedAt, dispatchDeadline, handleDeadline,
                verifyDeadline, closeDeadline;
        String department, assignee, handledBy;
        Long mergedInto;
        Integer handlingMinutes;
        int reworkCount;

        Builder(long id, String number, String source, CaseClass cls, Coordinate p, Grid grid, String reporter,
                boolean resident, Instant reportedAt, Instant registerDeadline, List<Transition> ts) {
            this.id = id;
            this.number = number;
            this.source = source;
            this.cls = cls;
            this.p = p;
            this.grid = grid;
            this.reporter = reporter;
            this.resident = resident;
            this.reportedAt = reportedAt;
            this.registerDeadline = registerDeadline;
            this.ts = ts;
        }

        Case stop(String status, Instant stageDeadline) {
            return new Case(id, number, source, cls.code(), status, p.x, p.y, grid.code(), grid.largeCode(),
                    "generated case " + number, resident ? "居民" + (id % 1000) : null,
                    resident ? String.format("139%08d", id % 100_000_000) : null, reporter, department, assignee,
                    mergedInto, reportedAt, registeredAt, dispatchedAt, handledAt, verifiedAt, closedAt, stageDeadline,
                    registerDeadline, dispatchDeadline, handleDeadline, verifyDeadline, closeDeadline, reworkCount,
                    handlingMinutes, handledBy, ts);
        }
    }
}
