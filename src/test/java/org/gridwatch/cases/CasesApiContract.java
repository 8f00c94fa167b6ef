package org.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.rectangle;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The case loop over the API, run against each store (H2GIS and PostGIS subclasses, whose contexts set
 * {@code gridwatch.cases.max-photo-bytes=}{@value #MAX_PHOTO_BYTES}). Each test works in its own patch of
 * ground with its own accounts, so tests sharing one database never collide.
 */
abstract class CasesApiContract {

    static final int MAX_PHOTO_BYTES = 4096;
    static final int MAX_WAITING_PHOTOS = 3;
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** A PNG signature and a little more: enough for the sniffer, which reads only the first bytes. */
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CaseReporting reporting;

    @Autowired
    CaseCalendar calendar;

    static int next() {
        return SEQUENCE.incrementAndGet();
    }

    static JsonNode json(MvcResult r) throws Exception {
        return JSON.readTree(r.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    /**
     * One patch of ground: large grid L (1000 m x 1000 m) holding small grids S1 (west half) and S2 (east
     * half); a dispatcher, a sanitation handler, a vector-control handler, and a grid worker for each small grid.
     */
    record World(double lon, double lat, String large, String s1, String s2, String dispatcher, String handler,
                 String otherHandler, String worker1, String worker2) {

        double lonAt(double east) {
            return org.gridwatch.support.Shapes.lon(lon, lat, east);
        }

        double latAt(double north) {
            return org.gridwatch.support.Shapes.lat(lat, north);
        }
    }

    World world() throws Exception {
        int n = next();
        double lon0 = 100.0 + (n % 40) * 0.05, lat0 = 20.0 + (n / 40) * 0.05;
        String p = "C" + n + "-" + System.nanoTime() % 100000;
        String large = p + "-L", s1 = p + "-S1", s2 = p + "-S2";
        grid(rectangle(lon0, lat0, 0, 0, 1000, 1000), large, "large", null);
        grid(rectangle(lon0, lat0, 0, 0, 500, 1000), s1, "small", large);
        grid(rectangle(lon0, lat0, 500, 0, 1000, 1000), s2, "small", large);
        String d = account("disp" + p, "[\"dispatcher\"]", null, null);
        String h = account("hand" + p, "[\"handler\"]", "sanitation", null);
        String hv = account("vect" + p, "[\"handler\"]", "vector_control", null);
        String w1 = account("wk1" + p, "[\"grid_worker\"]", null, s1);
        String w2 = account("wk2" + p, "[\"grid_worker\"]", null, s2);
        return new World(lon0, lat0, large, s1, s2, d, h, hv, w1, w2);
    }

    private void grid(String geometry, String code, String level, String parent) throws Exception {
        mvc.perform(post("/api/grids").contentType(MediaType.APPLICATION_JSON)
                .content(gridFeature(geometry, code, code, level, parent))).andExpect(status().isCreated());
    }

    private String account(String name, String roles, String department, String grid) throws Exception {
        String username = name.toLowerCase().replace("-", "");
        mvc.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON).content("{\"username\":\"" + username
                        + "\",\"password\":\"a-long-password-1\",\"roles\":" + roles
                        + (department == null ? "" : ",\"department\":\"" + department + "\"")
                        + (grid == null ? "" : ",\"gridCodes\":[\"" + grid + "\"]") + "}"))
                .andExpect(status().isCreated());
        return username;
    }

    RequestPostProcessor as(String username, String role) {
        return user(username).roles(role);
    }

    RequestPostProcessor dispatcher(World w) {
        return as(w.dispatcher(), "DISPATCHER");
    }

    RequestPostProcessor handler(World w) {
        return as(w.handler(), "HANDLER");
    }

    RequestPostProcessor worker1(World w) {
        return as(w.worker1(), "GRID_WORKER");
    }

    static String report(String classCode, double lon, double lat, String clientId) {
        return "{\"source\":\"field\",\"classCode\":\"" + classCode + "\",\"lon\":" + lon + ",\"lat\":" + lat
                + ",\"description\":\"路边堆放生活垃圾\"" + (clientId == null ? "" : ",\"clientId\":\"" + clientId + "\"") + "}";
    }

    JsonNode reportAs(RequestPostProcessor who, String body) throws Exception {
        return json(mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(body).with(who))
                .andExpect(status().isCreated()).andReturn());
    }

    ResultActions transition(long id, RequestPostProcessor who, String action, long version, String extra)
            throws Exception {
        return mvc.perform(post("/api/cases/" + id + "/transitions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"action\":\"" + action + "\",\"version\":" + version + (extra == null ? "" : "," + extra) + "}")
                .with(who));
    }

    JsonNode step(long id, RequestPostProcessor who, String action, long version, String extra) throws Exception {
        return json(transition(id, who, action, version, extra).andExpect(status().isOk()).andReturn());
    }

    /** A new case through every stage to closed, each step by the role that takes it. */
    void registerHandleVerifyAndClose(long id, World w) throws Exception {
        step(id, dispatcher(w), "register", 0, null);
        photo(id, handler(w), "after");
        step(id, handler(w), "handle", 2, null);
        photo(id, worker1(w), "verify");
        step(id, worker1(w), "verify", 3, null);
        step(id, dispatcher(w), "close", 4, null);
    }

    void photo(long id, RequestPostProcessor who, String kind) throws Exception {
        mvc.perform(multipart("/api/cases/" + id + "/photos").file(new MockMultipartFile("file", "p.png", "image/png", PNG))
                .param("kind", kind).with(who)).andExpect(status().isCreated());
    }

    JsonNode detail(long id) throws Exception {
        return json(mvc.perform(get("/api/cases/" + id)).andExpect(status().isOk()).andReturn());
    }

    /** A refusal in both languages: the same code, the expected Chinese and English detail. */
    void refusedInBothLanguages(AbstractMockHttpServletRequestBuilder<?> request, int status, String code, String zh, String en)
            throws Exception {
        mvc.perform(request).andExpect(status().is(status)).andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.detail").value(zh));
        mvc.perform(request.header("Accept-Language", "en")).andExpect(status().is(status))
                .andExpect(jsonPath("$.code").value(code)).andExpect(jsonPath("$.detail").value(en));
    }

    /** What a refusal must leave alone: every case row, transition, photo and history entry. */
    long[] snapshotCounts() {
        return new long[]{count("cases"), count("case_transitions"), count("case_photos"), count("change_history"),
                jdbc.queryForObject("SELECT COALESCE(SUM(version), 0) FROM cases", Long.class)};
    }

    // ---------------------------------------------------------------- schema and accounts

    @Test
    void theSchemaIsSeeded() {
        assertThat(jdbc.queryForObject("SELECT part_code FROM case_classes WHERE code = 'well_cover'", String.class))
                .isEqualTo("0102");
        assertThat(jdbc.queryForObject("SELECT name_zh FROM case_classes WHERE code = 'breeding_site'", String.class))
                .isEqualTo("积水/蚊蝇孳生地");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM work_calendar_days WHERE kind = 'workday' "
                + "AND work_date BETWEEN DATE '2026-01-01' AND DATE '2026-12-31'", Long.class)).isEqualTo(6);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM departments WHERE code IN ('sanitation', 'vector_control', "
                + "'municipal', 'community')", Long.class)).isEqualTo(4);
    }

    @Test
    void aHandlerAccountNeedsAnExistingDepartment() throws Exception {
        String name = "handler" + next();
        refusedInBothLanguages(post("/api/users").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name + "\",\"password\":\"a-long-password-1\",\"roles\":[\"handler\"]}"),
                400, "account.department.required", "处置部门账户必须指定所属处置部门", "A handler account needs a department");
        refusedInBothLanguages(post("/api/users").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name + "\",\"password\":\"a-long-password-1\",\"roles\":[\"handler\"],"
                                + "\"department\":\"nowhere\"}"),
                400, "account.department.unknown", "没有编码为 nowhere 的处置部门", "There is no department nowhere");
        mvc.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name + "\",\"password\":\"a-long-password-1\",\"roles\":[\"dispatcher\"],"
                                + "\"department\":\"sanitation\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("account.department.notHandler"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM app_user WHERE username = ?", Long.class, name)).isZero();
        mvc.perform(post("/api/users").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name + "\",\"password\":\"a-long-password-1\",\"roles\":[\"handler\"],"
                                + "\"department\":\"sanitation\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.department").value("sanitation"))
                .andExpect(jsonPath("$.roles[0]").value("handler"));
        mvc.perform(get("/api/users/" + name)).andExpect(jsonPath("$.department").value("sanitation"));
    }

    // ---------------------------------------------------------------- the loop

    @Test
    void theWholeLoopFromReportToCloseWithTimelineAndHistory() throws Exception {
        World w = world();
        String clientId = "c-" + next() + "-" + System.nanoTime();
        JsonNode reported = reportAs(worker1(w), report("exposed_garbage", w.lonAt(100), w.latAt(100), clientId));
        long id = reported.get("id").longValue();
        assertThat(reported.get("number").asString()).matches("\\d{8}-\\d{4}");
        assertThat(reported.get("status").asString()).isEqualTo("reported");
        assertThat(reported.get("smallGridCode").asString()).isEqualTo(w.s1());
        assertThat(reported.get("largeGridCode").asString()).isEqualTo(w.large());
        assertThat(reported.get("reportedBy").asString()).isEqualTo(w.worker1());
        Instant reportedAt = OffsetDateTime.parse(reported.get("reportedAt").asString()).toInstant();
        Instant registerDeadline = OffsetDateTime.parse(reported.get("registerDeadline").asString()).toInstant();
        assertThat(registerDeadline).isEqualTo(calendar.calendar().plusWorkingMinutes(reportedAt.minusNanos(
                reportedAt.getNano()), 60).plusNanos(0)).as("1 working hour on the calendar");
        assertThat(reported.get("allowedActions").size()).as("a grid worker may do nothing to a reported case").isZero();

        // A retry with the same clientId returns the stored case: 200, same id, no second row.
        long before = count("cases");
        JsonNode retried = json(mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON)
                        .content(report("exposed_garbage", w.lonAt(100), w.latAt(100), clientId)).with(worker1(w)))
                .andExpect(status().isOk()).andReturn());
        assertThat(retried.get("id").longValue()).isEqualTo(id);
        assertThat(count("cases")).isEqualTo(before);

        // 暴露垃圾 dispatches itself to sanitation when registered.
        JsonNode registered = step(id, dispatcher(w), "register", 0, null);
        assertThat(registered.get("status").asString()).isEqualTo("dispatched");
        assertThat(registered.get("department").asString()).isEqualTo("sanitation");
        assertThat(registered.get("version").longValue()).isEqualTo(2);
        assertThat(registered.get("closeDeadline").isNull()).isFalse();

        transition(id, handler(w), "handle", 2, null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("case.photo.afterRequired"));
        photo(id, handler(w), "after");
        JsonNode handled = step(id, handler(w), "handle", 2, "\"note\":\"已清运\"");
        assertThat(handled.get("status").asString()).isEqualTo("handled");
        photo(id, worker1(w), "verify");
        assertThat(step(id, worker1(w), "verify", 3, null).get("status").asString()).isEqualTo("verified");
        JsonNode closed = step(id, dispatcher(w), "close", 4, null);
        assertThat(closed.get("status").asString()).isEqualTo("closed");
        assertThat(closed.get("stageDeadline").isNull()).isTrue();
        assertThat(closed.get("allowedActions").size()).isZero();
        // Handled and closed within their limits, minutes after the report.
        assertThat(OffsetDateTime.parse(closed.get("handledAt").asString())).isBeforeOrEqualTo(
                OffsetDateTime.parse(closed.get("handleDeadline").asString()));

        List<String> actions = new ArrayList<>();
        closed.get("timeline").forEach(t -> actions.add(t.get("action").asString()));
        assertThat(actions).containsExactly("report", "register", "dispatch", "handle", "verify", "close");
        assertThat(closed.at("/timeline/2/note").asString()).isEqualTo("auto");
        assertThat(closed.at("/timeline/3/photoIds").size()).isEqualTo(1);
        assertThat(closed.at("/timeline/4/actor").asString()).isEqualTo(w.worker1());
        assertThat(closed.get("photos").size()).isEqualTo(2);
        mvc.perform(get(closed.at("/photos/0/url").asString())).andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().contentType("image/png"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM change_history WHERE entity = 'case' AND entity_id = ?",
                Long.class, String.valueOf(id))).isEqualTo(6);

        // Closed: nothing changes it; a photo neither.
        long[] counts = snapshotCounts();
        refusedInBothLanguages(post("/api/cases/" + id + "/transitions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"register\",\"version\":5}").with(dispatcher(w)), 409,
                "case.transition.state", "案件当前为“已结案”，不能执行“立案”", "A case that is closed cannot register");
        mvc.perform(multipart("/api/cases/" + id + "/photos").file(new MockMultipartFile("file", "p.png", "image/png", PNG))
                .param("kind", "before").with(dispatcher(w))).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("case.closed.immutable"));
        assertThat(snapshotCounts()).isEqualTo(counts);

        // Reopened only as a new linked case.
        JsonNode reopened = json(mvc.perform(post("/api/cases/" + id + "/reopen").contentType(MediaType.APPLICATION_JSON)
                .content("{\"note\":\"又有垃圾\"}").with(dispatcher(w))).andExpect(status().isCreated()).andReturn());
        assertThat(reopened.get("reopenedFrom").longValue()).isEqualTo(id);
        assertThat(reopened.get("status").asString()).isEqualTo("reported");
        assertThat(detail(id).get("status").asString()).isEqualTo("closed");
    }

    @Test
    void caseNumbersAreUniqueAndConsecutiveUnderConcurrentReports() throws Exception {
        World w = world();
        int reporters = 12;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<CaseReporting.Reported>> futures = new ArrayList<>();
            for (int i = 0; i < reporters; i++) {
                double east = 20 + i * 30;
                futures.add(pool.submit(() -> reporting.report(new CaseDraft(null, "hotline", "dirty_road",
                        w.lonAt(east), w.latAt(300), "12345 来电", null, null, null, "李女士", "13800000000"))));
            }
            Set<String> numbers = new HashSet<>();
            for (Future<CaseReporting.Reported> f : futures) numbers.add(f.get().number());
            assertThat(numbers).hasSize(reporters);
            String day = numbers.iterator().next().substring(0, 8);
            assertThat(numbers).allMatch(n -> n.startsWith(day));
            // The numbers of the day have no gaps here: no create fails after drawing its number (on PostgreSQL
            // drawn in a short transaction of its own before the create's, on H2 inside it).
            List<Integer> seqs = jdbc.queryForList("SELECT case_number FROM cases WHERE case_number LIKE ?", String.class,
                    day + "-%").stream().map(n -> Integer.parseInt(n.substring(9))).sorted().toList();
            for (int i = 0; i < seqs.size(); i++) assertThat(seqs.get(i)).isEqualTo(i + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Autowired
    CaseTransitions transitions;

    @Test
    void twoDispatchersRegisteringAtOnceOneWinsTheOtherIsToldItIsStale() throws Exception {
        World w = world();
        long id = reportAs(worker1(w), report("accumulated_debris", w.lonAt(400), w.latAt(400), null)).get("id").longValue();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                outcomes.add(pool.submit(() -> {
                    try {
                        transitions.apply(id, new TransitionRequest("register", 0L, null, null, null, null, null, null));
                        return "ok";
                    } catch (org.gridwatch.system.ApiProblem p) {
                        return p.status() + " " + p.messageKey();
                    }
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) results.add(f.get());
            assertThat(results).containsExactlyInAnyOrder("ok", "409 case.version.stale");
        } finally {
            pool.shutdownNow();
        }
        JsonNode c = detail(id);
        assertThat(c.get("version").longValue()).isEqualTo(1);
        assertThat(c.get("timeline").size()).isEqualTo(2);
    }

    @Test
    void aHandlerListsOnlyItsDepartmentsCases() throws Exception {
        World w = world();
        long sanitation = reportAs(worker1(w), report("dirty_road", w.lonAt(30), w.latAt(30), null)).get("id").longValue();
        long vector = reportAs(worker1(w), report("bait_station", w.lonAt(40), w.latAt(40), null)).get("id").longValue();
        step(sanitation, dispatcher(w), "register", 0, null);
        step(vector, dispatcher(w), "register", 0, null);
        step(vector, dispatcher(w), "dispatch", 1, null);
        JsonNode seen = json(mvc.perform(get("/api/cases").param("grid", w.s1()).with(handler(w)))
                .andExpect(status().isOk()).andReturn());
        Set<Long> ids = new HashSet<>();
        seen.get("features").forEach(f -> ids.add(f.get("id").longValue()));
        assertThat(ids).containsExactly(sanitation);
        JsonNode all = json(mvc.perform(get("/api/cases").param("grid", w.s1()).with(dispatcher(w)))
                .andExpect(status().isOk()).andReturn());
        assertThat(all.get("features").size()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void aPointOutsideEveryGridIsRefusedAndChangesNothing() throws Exception {
        World w = world();
        long[] counts = snapshotCounts();
        double lon = w.lonAt(500), lat = w.latAt(-2500);
        refusedInBothLanguages(post("/api/cases").contentType(MediaType.APPLICATION_JSON)
                        .content(report("exposed_garbage", lon, lat, null)).with(dispatcher(w)), 400,
                "case.point.outsideGrids",
                "位置（" + fmt(lon) + ", " + fmt(lat) + "）不在本辖区任何小网格内",
                "The point (" + fmt(lon) + ", " + fmt(lat) + ") lies in no small grid of the district");
        assertThat(snapshotCounts()).isEqualTo(counts);
    }

    static String fmt(double v) {
        return new java.text.DecimalFormat("#.######", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT))
                .format(v);
    }

    @Test
    void aResidentJustOutsideTheGridsGetsACaseWithoutGridThatADispatcherPlaces() throws Exception {
        World w = world();
        CaseReporting.Reported r = reporting.reportFromOutside(new CaseDraft(null, "resident", "exposed_garbage",
                w.lonAt(-200), w.latAt(500), "小区门口", null, null, null, null, null), CaseSource.RESIDENT, "public");
        assertThat(r.created()).isTrue();
        assertThat(r.body().get("smallGridCode")).isNull();
        // Far from every grid even a resident is refused.
        long[] counts = snapshotCounts();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reporting.reportFromOutside(new CaseDraft(null,
                        "resident", "exposed_garbage", w.lonAt(500), w.latAt(-2500), null, null, null, null, null, null),
                        CaseSource.RESIDENT, "public"))
                .isInstanceOf(org.gridwatch.system.ApiProblem.class).hasMessageContaining("no small grid");
        assertThat(snapshotCounts()).isEqualTo(counts);
        refusedInBothLanguages(post("/api/cases/" + r.id() + "/transitions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"register\",\"version\":0}").with(dispatcher(w)), 400, "case.register.noGrid",
                "该案件不在任何小网格内：立案时请给出网格内的位置 lon、lat",
                "This case lies in no small grid: give lon and lat inside a grid to place it while registering");
        JsonNode placed = step(r.id(), dispatcher(w), "register", 0, "\"lon\":" + w.lonAt(700) + ",\"lat\":" + w.latAt(500));
        assertThat(placed.get("smallGridCode").asString()).isEqualTo(w.s2());
    }

    @Test
    void anUnknownClassIsRefused() throws Exception {
        World w = world();
        long[] counts = snapshotCounts();
        refusedInBothLanguages(post("/api/cases").contentType(MediaType.APPLICATION_JSON)
                        .content(report("flying_saucer", w.lonAt(100), w.latAt(100), null)).with(worker1(w)), 400,
                "case.class.unknown", "没有案件类别“flying_saucer”", "There is no case class \"flying_saucer\"");
        assertThat(snapshotCounts()).isEqualTo(counts);
    }

    @Test
    void aGridWorkerReportsOnlyInItsOwnGrids() throws Exception {
        World w = world();
        long[] counts = snapshotCounts();
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON)
                        .content(report("exposed_garbage", w.lonAt(800), w.latAt(100), null)).with(worker1(w)))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("access.grid.outside"));
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON)
                        .content(report("exposed_garbage", w.lonAt(100), w.latAt(100), null)).with(handler(w)))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("case.report.role"));
        assertThat(snapshotCounts()).isEqualTo(counts);
    }

    @Test
    void photosMustBeImagesByTheirBytesAndSmallEnough() throws Exception {
        World w = world();
        long id = reportAs(worker1(w), report("accumulated_debris", w.lonAt(120), w.latAt(120), null)).get("id").longValue();
        long[] counts = snapshotCounts();
        byte[] script = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        refusedInBothLanguages(multipart("/api/cases/" + id + "/photos")
                        .file(new MockMultipartFile("file", "x.jpg", "image/jpeg", script)).param("kind", "before")
                        .with(worker1(w)), 415, "case.photo.type", "文件不是 JPEG、PNG 或 WebP 图片",
                "The file is not a JPEG, PNG or WebP image");
        byte[] big = new byte[MAX_PHOTO_BYTES + 1];
        System.arraycopy(PNG, 0, big, 0, PNG.length);
        refusedInBothLanguages(multipart("/api/cases/" + id + "/photos")
                        .file(new MockMultipartFile("file", "big.png", "image/png", big)).param("kind", "before")
                        .with(worker1(w)), 413, "case.photo.tooLarge",
                "照片有 " + big.length + " 字节，最多可存 " + MAX_PHOTO_BYTES + " 字节",
                "The photo has " + big.length + " bytes; at most " + MAX_PHOTO_BYTES + " are stored");
        // An after-photo is the handling department's, and only while the case is with it.
        mvc.perform(multipart("/api/cases/" + id + "/photos").file(new MockMultipartFile("file", "p.png", "image/png", PNG))
                .param("kind", "after").with(worker1(w))).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("case.photo.role"));
        assertThat(snapshotCounts()).isEqualTo(counts);
        photo(id, worker1(w), "before");
        assertThat(count("case_photos")).isEqualTo(counts[2] + 1);
    }

    @Test
    void outOfOrderWrongRoleWrongDepartmentWrongGridAndStaleVersionAreRefused() throws Exception {
        World w = world();
        // 积存垃圾渣土: not dispatched automatically.
        long id = reportAs(worker1(w), report("accumulated_debris", w.lonAt(50), w.latAt(50), null)).get("id").longValue();
        long[] counts = snapshotCounts();
        // Out of order: closing a reported case.
        mvc.perform(post("/api/cases/" + id + "/transitions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"close\",\"version\":0}").with(dispatcher(w)))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("case.transition.state"))
                .andExpect(jsonPath("$.allowedActions[0]").value("register"))
                .andExpect(jsonPath("$.allowedActions[1]").value("reject"))
                .andExpect(jsonPath("$.allowedActions[2]").value("merge"));
        refusedInBothLanguages(post("/api/cases/" + id + "/transitions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"close\",\"version\":0}").with(dispatcher(w)), 409, "case.transition.state",
                "案件当前为“待立案”，不能执行“结案”", "A case that is reported cannot close");
        // Wrong role: a grid worker registering.
        refusedInBothLanguages(post("/api/cases/" + id + "/transitions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"register\",\"version\":0}").with(worker1(w)), 403, "case.transition.role",
                "你的角色不能对该案件执行“立案”", "Your role may not register this case");
        // Stale version.
        refusedInBothLanguages(post("/api/cases/" + id + "/transitions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"register\",\"version\":7}").with(dispatcher(w)), 409, "case.version.stale",
                "案件 " + detail(id).get("number").asString() + " 已被他人修改（当前版本 0，你看到的是 7），请刷新后重试",
                "Case " + detail(id).get("number").asString()
                        + " was changed by someone else (version 0, you saw 7); reload it and try again");
        // An unknown action.
        mvc.perform(post("/api/cases/" + id + "/transitions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"teleport\",\"version\":0}").with(dispatcher(w)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("case.action.unknown"));
        assertThat(snapshotCounts()).isEqualTo(counts);

        step(id, dispatcher(w), "register", 0, null);
        step(id, dispatcher(w), "dispatch", 1, "\"department\":\"sanitation\"");
        long[] dispatched = snapshotCounts();
        String number = detail(id).get("number").asString();
        // Wrong department: vector control's handler.
        refusedInBothLanguages(post("/api/cases/" + id + "/transitions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"return\",\"version\":2,\"note\":\"不归我们\"}")
                        .with(as(w.otherHandler(), "HANDLER")), 403, "case.transition.department",
                "案件 " + number + " 已派遣给“sanitation”，不是你所在的处置部门",
                "Case " + number + " is with department \"sanitation\", not yours");
        // A handler of another department does not even see it.
        mvc.perform(get("/api/cases/" + id).with(as(w.otherHandler(), "HANDLER"))).andExpect(status().isNotFound());
        assertThat(snapshotCounts()).isEqualTo(dispatched);

        photo(id, handler(w), "after");
        step(id, handler(w), "handle", 2, null);
        long[] handled = snapshotCounts();
        // Wrong grid: the worker of S2 verifying a case in S1.
        refusedInBothLanguages(post("/api/cases/" + id + "/transitions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"action\":\"rework\",\"version\":3,\"note\":\"没清干净\"}")
                        .with(as(w.worker2(), "GRID_WORKER")), 403, "case.transition.grid",
                "案件 " + number + " 位于小网格 " + w.s1() + "，不是你负责的网格",
                "Case " + number + " lies in small grid " + w.s1() + ", which is not one of yours");
        // Rework needs a reason.
        transition(id, worker1(w), "rework", 3, null).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("case.note.required"));
        assertThat(snapshotCounts()).isEqualTo(handled);

        JsonNode reworked = step(id, worker1(w), "rework", 3, "\"note\":\"没清干净\"");
        assertThat(reworked.get("status").asString()).isEqualTo("dispatched");
        assertThat(reworked.get("reworkCount").intValue()).isEqualTo(1);
    }

    @Test
    void anExtensionMovesTheHandleAndCloseDeadlinesOnTheCalendar() throws Exception {
        World w = world();
        long id = reportAs(worker1(w), report("rodent_signs", w.lonAt(60), w.latAt(60), null)).get("id").longValue();
        step(id, dispatcher(w), "register", 0, null);
        JsonNode dispatched = step(id, dispatcher(w), "dispatch", 1, "\"department\":\"vector_control\"");
        RequestPostProcessor vector = as(w.otherHandler(), "HANDLER");
        assertThat(dispatched.get("allowedActions").size()).as("the dispatcher's, now: nothing pending").isZero();
        transition(id, vector, "request_extension", 2, "\"extensionMinutes\":0").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("case.extension.minutes"));
        JsonNode asked = step(id, vector, "request_extension", 2, "\"extensionMinutes\":240,\"note\":\"等药\"");
        assertThat(asked.get("pendingExtensionMinutes").intValue()).isEqualTo(240);
        // A second request while one is pending is out of order.
        transition(id, vector, "request_extension", 3, "\"extensionMinutes\":60").andExpect(status().isConflict())
                .andExpect(jsonPath("$.allowedActions[0]").value("handle"));
        JsonNode inQueue = json(mvc.perform(get("/api/cases/queue").param("size", "200").with(dispatcher(w)))
                .andExpect(status().isOk()).andReturn());
        boolean queued = false;
        for (JsonNode item : inQueue.get("items")) queued |= item.get("id").longValue() == id;
        assertThat(queued).as("a pending extension waits in the dispatcher's queue").isTrue();
        JsonNode granted = step(id, dispatcher(w), "grant_extension", 3, null);
        Instant oldHandle = OffsetDateTime.parse(dispatched.get("handleDeadline").asString()).toInstant();
        Instant oldClose = OffsetDateTime.parse(dispatched.get("closeDeadline").asString()).toInstant();
        assertThat(OffsetDateTime.parse(granted.get("handleDeadline").asString()).toInstant())
                .isEqualTo(calendar.calendar().plusWorkingMinutes(oldHandle, 240));
        assertThat(OffsetDateTime.parse(granted.get("closeDeadline").asString()).toInstant())
                .isEqualTo(calendar.calendar().plusWorkingMinutes(oldClose, 240));
        assertThat(granted.get("extensionMinutes").intValue()).isEqualTo(240);
        assertThat(granted.get("pendingExtensionMinutes").isNull()).isTrue();
        step(id, vector, "request_extension", 4, "\"extensionMinutes\":60");
        JsonNode refused = step(id, dispatcher(w), "refuse_extension", 5, "\"note\":\"不予延期\"");
        assertThat(refused.get("handleDeadline").asString()).isEqualTo(granted.get("handleDeadline").asString());
        assertThat(refused.get("extensionMinutes").intValue()).isEqualTo(240);
    }

    @Test
    void duplicatesAreSuggestedAndMergedIntoTheOpenCase() throws Exception {
        World w = world();
        long first = reportAs(worker1(w), report("breeding_site", w.lonAt(200), w.latAt(200), null)).get("id").longValue();
        JsonNode second = reportAs(worker1(w), report("breeding_site", w.lonAt(210), w.latAt(200), null));
        assertThat(second.get("duplicateCandidates").size()).isEqualTo(1);
        assertThat(second.at("/duplicateCandidates/0/id").longValue()).isEqualTo(first);
        assertThat(second.at("/duplicateCandidates/0/distanceMeters").doubleValue()).isBetween(9.0, 11.0);
        // Another class at the same spot, or the same class 300 m away, is no duplicate.
        assertThat(reportAs(worker1(w), report("bait_station", w.lonAt(200), w.latAt(200), null))
                .get("duplicateCandidates").size()).isZero();
        JsonNode far = reportAs(worker1(w), report("breeding_site", w.lonAt(200), w.latAt(500), null));
        assertThat(far.get("duplicateCandidates").size()).isZero();

        long id = second.get("id").longValue();
        long otherClass = jdbc.queryForObject("SELECT MAX(id) FROM cases WHERE class_code = 'bait_station'", Long.class);
        transition(id, dispatcher(w), "merge", 0, "\"mergeInto\":" + otherClass).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("case.merge.target.invalid"));
        JsonNode merged = step(id, dispatcher(w), "merge", 0, "\"mergeInto\":" + first);
        assertThat(merged.get("status").asString()).isEqualTo("merged");
        assertThat(merged.get("mergedInto").longValue()).isEqualTo(first);
        JsonNode target = detail(first);
        assertThat(target.get("status").asString()).isEqualTo("reported");
        assertThat(target.at("/timeline/1/action").asString()).isEqualTo("merge_in");
        assertThat(target.at("/timeline/1/relatedCaseId").longValue()).isEqualTo(id);
        // Merged cases are offered no more.
        assertThat(reportAs(worker1(w), report("breeding_site", w.lonAt(205), w.latAt(200), null))
                .get("duplicateCandidates").size()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- queries

    @Test
    void theQueueIsSortedByUrgencyAndListsFilterByBoxStatusAndGrid() throws Exception {
        World w = world();
        long a = reportAs(dispatcher(w), report("accumulated_debris", w.lonAt(100), w.latAt(900), null)).get("id").longValue();
        long b = reportAs(dispatcher(w), report("accumulated_debris", w.lonAt(300), w.latAt(900), null)).get("id").longValue();
        long c = reportAs(dispatcher(w), report("accumulated_debris", w.lonAt(700), w.latAt(900), null)).get("id").longValue();
        // Deadlines set by hand: b overdue by a day, c due in 30 minutes, a far off.
        Instant now = Instant.now();
        setDeadline(a, now.plusSeconds(40L * 86400));
        setDeadline(b, now.minusSeconds(86400));
        setDeadline(c, now.plusSeconds(1800));
        JsonNode queue = json(mvc.perform(get("/api/cases/queue").param("size", "200").with(dispatcher(w)))
                .andExpect(status().isOk()).andReturn());
        List<Long> order = new ArrayList<>();
        for (JsonNode item : queue.get("items")) {
            long id = item.get("id").longValue();
            if (id == a || id == b || id == c) order.add(id);
            if (id == b) assertThat(item.get("overdue").booleanValue()).isTrue();
            if (id == a) assertThat(item.get("dueSoon").booleanValue()).isFalse();
        }
        assertThat(order).containsExactly(b, c, a);
        assertThat(queue.get("total").longValue()).isGreaterThanOrEqualTo(3);
        mvc.perform(get("/api/cases/queue").with(worker1(w))).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("case.queue.role"));

        // The map's viewport: the west half of the patch holds a and b only.
        String bbox = w.lonAt(0) + "," + w.latAt(800) + "," + w.lonAt(499) + "," + w.latAt(1000);
        JsonNode box = json(mvc.perform(get("/api/cases").param("bbox", bbox)).andExpect(status().isOk()).andReturn());
        Set<Long> inBox = new HashSet<>();
        box.get("features").forEach(f -> inBox.add(f.get("id").longValue()));
        assertThat(inBox).containsExactlyInAnyOrder(a, b);
        assertThat(box.at("/features/0/geometry/type").asString()).isEqualTo("Point");
        // The map's case layer asks for the open cases of its view (on H2 through the open cases' own tiles): a
        // case rejected leaves it, and is still found when rejected cases are asked for.
        step(a, dispatcher(w), "reject", detail(a).get("version").longValue(), "\"note\":\"not a case\"");
        String open = "reported,registered,dispatched,handled,verified";
        Set<Long> openInBox = new HashSet<>();
        json(mvc.perform(get("/api/cases").param("bbox", bbox).param("status", open)).andExpect(status().isOk())
                .andReturn()).get("features").forEach(f -> openInBox.add(f.get("id").longValue()));
        assertThat(openInBox).containsExactly(b);
        Set<Long> rejectedInBox = new HashSet<>();
        json(mvc.perform(get("/api/cases").param("bbox", bbox).param("status", "rejected")).andExpect(status().isOk())
                .andReturn()).get("features").forEach(f -> rejectedInBox.add(f.get("id").longValue()));
        assertThat(rejectedInBox).containsExactly(a);
        JsonNode overdue = json(mvc.perform(get("/api/cases").param("grid", w.large()).param("overdue", "true"))
                .andExpect(status().isOk()).andReturn());
        assertThat(overdue.get("features").size()).isEqualTo(1);
        assertThat(overdue.at("/features/0/id").longValue()).isEqualTo(b);
        JsonNode s2 = json(mvc.perform(get("/api/cases").param("grid", w.s2()).param("status", "reported,registered"))
                .andExpect(status().isOk()).andReturn());
        assertThat(s2.get("features").size()).isEqualTo(1);
        mvc.perform(get("/api/cases").param("status", "lost").header("Accept-Language", "en"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value("Unknown case status \"lost\""));
    }

    private void setDeadline(long id, Instant deadline) {
        jdbc.update("UPDATE cases SET stage_deadline = ? WHERE id = ?", java.sql.Timestamp.from(deadline), id);
    }

    @Test
    void mineListsAHandlersDepartmentAndAWorkersCasesToVerify() throws Exception {
        World w = world();
        long id = reportAs(worker1(w), report("dirty_road", w.lonAt(150), w.latAt(150), null)).get("id").longValue();
        step(id, dispatcher(w), "register", 0, null);
        JsonNode mine = json(mvc.perform(get("/api/cases/mine").with(handler(w))).andExpect(status().isOk()).andReturn());
        Set<Long> ids = new HashSet<>();
        mine.get("items").forEach(i -> ids.add(i.get("id").longValue()));
        assertThat(ids).contains(id);
        mine.get("items").forEach(i -> assertThat(i.get("department").asString()).isEqualTo("sanitation"));
        JsonNode other = json(mvc.perform(get("/api/cases/mine").with(as(w.otherHandler(), "HANDLER")))
                .andExpect(status().isOk()).andReturn());
        other.get("items").forEach(i -> assertThat(i.get("id").longValue()).isNotEqualTo(id));
        photo(id, handler(w), "after");
        step(id, handler(w), "handle", 2, null);
        JsonNode toVerify = json(mvc.perform(get("/api/cases/mine").with(worker1(w))).andExpect(status().isOk()).andReturn());
        assertThat(toVerify.get("items").size()).isEqualTo(1);
        assertThat(toVerify.at("/items/0/id").longValue()).isEqualTo(id);
        assertThat(json(mvc.perform(get("/api/cases/mine").with(as(w.worker2(), "GRID_WORKER"))).andReturn())
                .get("items").size()).isZero();
    }

    // ---------------------------------------------------------------- inspection trigger

    @Test
    void anInspectionWithLarvaeOpensABreedingSiteCase() throws Exception {
        World w = world();
        String clientId = "insp-" + next() + "-" + System.nanoTime();
        String body = "{\"clientId\":\"" + clientId + "\",\"typeKey\":\"stagnant_water\",\"point\":{\"type\":\"Point\","
                + "\"coordinates\":[" + w.lonAt(250) + "," + w.latAt(250) + "]},\"inspector\":\"张三\","
                + "\"inspectedAt\":\"2026-12-07T10:00:00+08:00\",\"outcome\":{\"waterPresent\":true,\"larvaePositive\":true},"
                + "\"note\":\"花盆积水有幼虫\"}";
        JsonNode recorded = json(mvc.perform(post("/api/inspections").contentType(MediaType.APPLICATION_JSON).content(body)
                .with(worker1(w))).andExpect(status().isCreated()).andReturn());
        long inspection = recorded.at("/inspections/0/id").longValue();
        List<java.util.Map<String, Object>> opened = jdbc.queryForList("SELECT class_code, source, small_grid_code, "
                + "description, client_id FROM cases WHERE inspection_id = ?", inspection);
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).get("class_code")).isEqualTo("breeding_site");
        assertThat(opened.get(0).get("source")).isEqualTo("patrol");
        assertThat(opened.get(0).get("small_grid_code")).isEqualTo(w.s1());
        assertThat(opened.get(0).get("description")).isEqualTo("花盆积水有幼虫");
        // A negative outcome opens nothing.
        String clean = body.replace(clientId, clientId + "-2").replace("\"larvaePositive\":true", "\"larvaePositive\":false");
        JsonNode second = json(mvc.perform(post("/api/inspections").contentType(MediaType.APPLICATION_JSON).content(clean)
                .with(worker1(w))).andExpect(status().isCreated()).andReturn());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cases WHERE inspection_id = ?", Long.class,
                second.at("/inspections/0/id").longValue())).isZero();
    }

    // ---------------------------------------------------------------- admin tables

    @Test
    void adminTablesAreValidated() throws Exception {
        String code = "graffiti_" + next();
        String good = "{\"kind\":\"event\",\"categoryZh\":\"市容环境\",\"categoryEn\":\"City appearance\",\"nameZh\":\"乱涂写\","
                + "\"nameEn\":\"Graffiti\",\"defaultDepartment\":\"community\",\"autoDispatch\":true,\"registerMinutes\":60,"
                + "\"dispatchMinutes\":30,\"handleMinutes\":960,\"verifyMinutes\":120,\"closeMinutes\":240,"
                + "\"closingConditionZh\":\"清除干净\",\"closingConditionEn\":\"Removed\",\"active\":true,\"sortOrder\":20}";
        long classes = count("case_classes");
        refusedInBothLanguages(put("/api/case-classes/" + code).contentType(MediaType.APPLICATION_JSON)
                        .content(good.replace("\"handleMinutes\":960", "\"handleMinutes\":0")), 400, "case.class.minutes",
                "handleMinutes 须为 1 至 28800 个工作分钟", "handleMinutes must be 1 to 28800 working minutes");
        mvc.perform(put("/api/case-classes/" + code).contentType(MediaType.APPLICATION_JSON)
                        .content(good.replace("community", "nowhere")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("case.department.unknown"));
        mvc.perform(put("/api/case-classes/Bad-Code").contentType(MediaType.APPLICATION_JSON).content(good))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("case.class.code"));
        assertThat(count("case_classes")).isEqualTo(classes);
        mvc.perform(put("/api/case-classes/" + code).contentType(MediaType.APPLICATION_JSON).content(good))
                .andExpect(status().isOk()).andExpect(jsonPath("$.handleMinutes").value(960));
        assertThat(count("case_classes")).isEqualTo(classes + 1);
        // Only admins edit the tables.
        World w = world();
        mvc.perform(put("/api/case-classes/" + code).contentType(MediaType.APPLICATION_JSON).content(good)
                .with(dispatcher(w))).andExpect(status().isForbidden());

        mvc.perform(put("/api/departments/greening").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"nameZh\":\"绿化所\",\"nameEn\":\"Greening\",\"active\":true,\"sortOrder\":9}"))
                .andExpect(status().isOk());
        mvc.perform(get("/api/departments")).andExpect(jsonPath("$[?(@.code == 'greening')].nameZh").value("绿化所"));

        // Calendar: a bad kind is refused; a new holiday in 2027 counts at once.
        refusedInBothLanguages(put("/api/work-calendar/days/2027-01-01").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\":\"party\",\"nameZh\":\"元旦\",\"nameEn\":\"New Year\"}"), 400, "case.calendar.kind",
                "日期类型 kind 须为 holiday（节假日）或 workday（调休上班）", "kind must be holiday or workday");
        mvc.perform(put("/api/work-calendar/days/2027-13-01").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\":\"holiday\",\"nameZh\":\"元旦\",\"nameEn\":\"New Year\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("case.calendar.day"));
        assertThat(calendar.calendar().isWorkingDay(java.time.LocalDate.of(2027, 1, 1))).isTrue();
        mvc.perform(put("/api/work-calendar/days/2027-01-01").contentType(MediaType.APPLICATION_JSON)
                .content("{\"kind\":\"holiday\",\"nameZh\":\"元旦\",\"nameEn\":\"New Year\"}")).andExpect(status().isOk());
        assertThat(calendar.calendar().isWorkingDay(java.time.LocalDate.of(2027, 1, 1))).isFalse();
        mvc.perform(get("/api/work-calendar").param("year", "2027")).andExpect(status().isOk())
                .andExpect(jsonPath("$.days[0].day").value("2027-01-01"))
                .andExpect(jsonPath("$.hours.morningStart").value("09:00"))
                // the years an admin still has to enter holidays for: neither the seeded 2026 nor 2027 now
                .andExpect(jsonPath("$.missingHolidayYears").isArray())
                .andExpect(jsonPath("$.missingHolidayYears[?(@ == 2026 || @ == 2027)]").isEmpty());
        mvc.perform(put("/api/work-calendar").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"morningStart\":\"12:00\",\"morningEnd\":\"09:00\",\"afternoonStart\":\"13:00\","
                                + "\"afternoonEnd\":\"18:00\",\"weekendDays\":[6,7]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("case.calendar.hours.order"));
        mvc.perform(delete("/api/work-calendar/days/2027-01-01")).andExpect(status().isNoContent());
        assertThat(calendar.calendar().isWorkingDay(java.time.LocalDate.of(2027, 1, 1))).isTrue();
    }

    // ---------------------------------------------------------------- hostile account holders (issue 16 for cases)

    static final String PHONE = "13812345678";

    /** A hotline case in S1 with a reporter's name and phone, as a dispatcher types it from a 12345 call. */
    JsonNode hotlineCase(World w, String clientId) throws Exception {
        return reportAs(dispatcher(w), "{\"source\":\"hotline\",\"classCode\":\"exposed_garbage\",\"lon\":"
                + w.lonAt(100) + ",\"lat\":" + w.latAt(100) + ",\"reporterName\":\"李秀英\",\"reporterPhone\":\""
                + PHONE + "\"" + (clientId == null ? "" : ",\"clientId\":\"" + clientId + "\"") + "}");
    }

    @Test
    void anotherAccountsClientIdNeitherReturnsNorRevealsTheirCase() throws Exception {
        World w = world();
        String clientId = "shared-" + next() + "-" + System.nanoTime();
        long id = hotlineCase(w, clientId).get("id").longValue();
        long[] counts = snapshotCounts();
        // The grid worker guesses (or copies from a shared phone) the dispatcher's clientId.
        var stolen = post("/api/cases").contentType(MediaType.APPLICATION_JSON)
                .content(report("exposed_garbage", w.lonAt(120), w.latAt(120), clientId)).with(worker1(w));
        MvcResult r = mvc.perform(stolen).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("case.clientId.taken")).andReturn();
        assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).doesNotContain(PHONE)
                .doesNotContain(String.valueOf(id)).doesNotContain("李秀英");
        refusedInBothLanguages(stolen, 409, "case.clientId.taken",
                "该 clientId 已被另一个账户使用，请为新报告生成新的 clientId",
                "This clientId belongs to a report of another account; give the new report its own clientId");
        assertThat(snapshotCounts()).isEqualTo(counts);
        // The owner's retry still answers with the stored case.
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content("{\"source\":\"hotline\","
                        + "\"classCode\":\"exposed_garbage\",\"lon\":" + w.lonAt(100) + ",\"lat\":" + w.latAt(100)
                        + ",\"clientId\":\"" + clientId + "\"}").with(dispatcher(w)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.id").value(id));
    }

    @Test
    void reportersNameAndPhoneReachOnlyThePartiesOfTheCase() throws Exception {
        World w = world();
        long id = hotlineCase(w, null).get("id").longValue();
        // Parties: the dispatcher, the grid worker of the case's small grid (who verifies it there).
        for (RequestPostProcessor party : List.of(dispatcher(w), worker1(w))) {
            mvc.perform(get("/api/cases/" + id).with(party)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.reporterName").value("李秀英"))
                    .andExpect(jsonPath("$.reporterPhone").value(PHONE));
        }
        // Everyone else who may read cases sees the case but not who reported it.
        int n = next();
        String viewer = account("viewer" + n, "[\"viewer\"]", null, null);
        String planner = account("planner" + n, "[\"planner\"]", null, null);
        String vc = account("vc" + n, "[\"vector_control\"]", null, null);
        for (RequestPostProcessor outsider : List.of(as(viewer, "VIEWER"), as(planner, "PLANNER"),
                as(vc, "VECTOR_CONTROL"), as(w.worker2(), "GRID_WORKER"))) {
            MvcResult r = mvc.perform(get("/api/cases/" + id).with(outsider)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.reporterName").isEmpty())
                    .andExpect(jsonPath("$.reporterPhone").isEmpty()).andReturn();
            assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).doesNotContain(PHONE);
            for (String list : List.of("/api/cases?grid=" + w.s1(), "/api/cases/mine")) {
                assertThat(mvc.perform(get(list).with(outsider)).andExpect(status().isOk()).andReturn().getResponse()
                        .getContentAsString(StandardCharsets.UTF_8)).doesNotContain(PHONE).doesNotContain("李秀英");
            }
        }
        // Once dispatched, the handling department is a party too; the other department does not see the case.
        step(id, dispatcher(w), "register", 0, null);
        mvc.perform(get("/api/cases/" + id).with(handler(w))).andExpect(jsonPath("$.reporterPhone").value(PHONE));
        mvc.perform(get("/api/cases/" + id).with(as(w.otherHandler(), "HANDLER"))).andExpect(status().isNotFound());
        assertThat(jdbc.queryForList("SELECT after_props FROM change_history "
                + "WHERE entity = 'case' AND entity_id = ?", String.class, String.valueOf(id)))
                .as("the change history keeps no reporter").isNotEmpty().noneMatch(s -> s != null && s.contains(PHONE));
    }

    @Test
    void photosWaitingForTheirStepAreCappedPerKind() throws Exception {
        World w = world();
        long id = reportAs(worker1(w), report("exposed_garbage", w.lonAt(100), w.latAt(100), null)).get("id").longValue();
        for (int i = 0; i < MAX_WAITING_PHOTOS; i++) photo(id, worker1(w), "before");
        long[] counts = snapshotCounts();
        var bomb = multipart("/api/cases/" + id + "/photos").file(new MockMultipartFile("file", "p.png", "image/png", PNG))
                .param("kind", "before").with(worker1(w));
        refusedInBothLanguages(bomb, 409, "case.photo.tooMany", "案件已有 3 张 before 照片，不能再添加",
                "The case already has 3 before photos; no more can be added");
        assertThat(snapshotCounts()).isEqualTo(counts);
        // The before photos do not block the handling department's after photo.
        step(id, dispatcher(w), "register", 0, null);
        photo(id, handler(w), "after");
    }

    @Test
    void aClosedCaseIsReopenedOnceNotOverAndOver() throws Exception {
        World w = world();
        long id = reportAs(worker1(w), report("exposed_garbage", w.lonAt(100), w.latAt(100), null)).get("id").longValue();
        registerHandleVerifyAndClose(id, w);
        var reopen = post("/api/cases/" + id + "/reopen").contentType(MediaType.APPLICATION_JSON)
                .content("{\"note\":\"又有垃圾\"}").with(dispatcher(w));
        long again = json(mvc.perform(reopen).andExpect(status().isCreated()).andReturn()).get("id").longValue();
        String number = detail(again).get("number").asString();
        long[] counts = snapshotCounts();
        refusedInBothLanguages(reopen, 409, "case.reopen.already", "该案件已重新开启为案件 " + number
                + "，请在该案件上继续处理", "This case was already reopened as case " + number + "; carry on with that one");
        assertThat(snapshotCounts()).isEqualTo(counts);
    }

    /** A report is answered from what was written, not read back: the answer must be what a read then gives. */
    @Test
    void theAnswerToAReportOrReopeningIsTheCaseAsStored() throws Exception {
        World w = world();
        String body = "{\"source\":\"hotline\",\"classCode\":\"exposed_garbage\",\"lon\":" + w.lonAt(130)
                + ",\"lat\":" + w.latAt(140) + ",\"description\":\"路边堆放生活垃圾\",\"address\":\"幸福路 8 号\","
                + "\"reporterName\":\"王女士\",\"reporterPhone\":\"13800000000\",\"clientId\":\"as-stored-" + next()
                + "-" + System.nanoTime() + "\"}";
        JsonNode reported = reportAs(dispatcher(w), body);
        assertThat(reported.get("duplicateCandidates").isArray()).isTrue();
        assertThat(reported.get("timeline").size()).as("the report's one step").isEqualTo(1);
        assertThat(withoutCandidates(reported)).isEqualTo(detailAs(reported.get("id").longValue(), dispatcher(w)));
        // A grid worker's own report: other allowed actions, the reporter's fields kept for the reporter.
        JsonNode own = reportAs(worker1(w), report("exposed_garbage", w.lonAt(150), w.latAt(150), null));
        assertThat(withoutCandidates(own)).isEqualTo(detailAs(own.get("id").longValue(), worker1(w)));

        long id = reported.get("id").longValue();
        registerHandleVerifyAndClose(id, w);
        JsonNode reopened = json(mvc.perform(post("/api/cases/" + id + "/reopen").contentType(MediaType.APPLICATION_JSON)
                .content("{\"note\":\"又有垃圾\"}").with(dispatcher(w))).andExpect(status().isCreated()).andReturn());
        assertThat(withoutCandidates(reopened)).isEqualTo(detailAs(reopened.get("id").longValue(), dispatcher(w)));
    }

    private JsonNode detailAs(long id, RequestPostProcessor who) throws Exception {
        return json(mvc.perform(get("/api/cases/" + id).with(who)).andExpect(status().isOk()).andReturn());
    }

    private static JsonNode withoutCandidates(JsonNode answer) {
        tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) answer.deepCopy();
        copy.remove("duplicateCandidates");
        return copy;
    }

    @Test
    void aCalendarWithTooLittleWorkingTimeIsRefusedNotLeftToBreakEveryDeadline() throws Exception {
        String hours = json(mvc.perform(get("/api/work-calendar")).andReturn()).get("hours").toString();
        // Two working minutes a week: the longest limit would not end within ten years.
        var starved = put("/api/work-calendar").contentType(MediaType.APPLICATION_JSON)
                .content("{\"morningStart\":\"09:00\",\"morningEnd\":\"09:01\",\"afternoonStart\":\"13:00\","
                        + "\"afternoonEnd\":\"13:01\",\"weekendDays\":[1,2,3,4,5,6]}");
        try {
            refusedInBothLanguages(starved, 400, "case.calendar.tooLittle",
                    "工作日历的工作时间过少：90 个工作日（每日 8 小时）的时限在十年内无法到期",
                    "The calendar leaves too little working time: a limit of 90 working days of 8 hours would not end within ten years");
            assertThat(json(mvc.perform(get("/api/work-calendar")).andReturn()).get("hours").toString()).isEqualTo(hours);
            World w = world();
            reportAs(worker1(w), report("exposed_garbage", w.lonAt(100), w.latAt(100), null));
        } finally {
            mvc.perform(put("/api/work-calendar").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"morningStart\":\"09:00\",\"morningEnd\":\"12:00\",\"afternoonStart\":\"13:00\","
                            + "\"afternoonEnd\":\"18:00\",\"weekendDays\":[6,7]}"));
        }
    }

    @Test
    void nobodyCanTakeTheClientIdAnInspectionsCaseWillUse() throws Exception {
        World w = world();
        long[] counts = snapshotCounts();
        // An inspection's case is stored under inspection-{id}-{class}: taken first, it would keep that case from opening.
        refusedInBothLanguages(post("/api/cases").contentType(MediaType.APPLICATION_JSON)
                        .content(report("breeding_site", w.lonAt(100), w.latAt(100), "inspection-" + (1_000_000 + next())
                                + "-breeding_site")).with(worker1(w)), 400, "case.clientId.reserved",
                "以 inspection- 开头的 clientId 留给巡查自动生成的案件", "clientIds starting with inspection- are kept for cases opened by inspections");
        assertThat(snapshotCounts()).isEqualTo(counts);
    }

    @Test
    void hugeAndMalformedPagingIsRefusedOrAnsweredEmpty() throws Exception {
        World w = world();
        mvc.perform(get("/api/cases/queue").param("page", "2147483647").param("size", "200").with(dispatcher(w)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.items").isEmpty());
        for (String[] bad : new String[][]{{"page", "-1"}, {"size", "0"}, {"size", "201"}, {"page", "x"},
                {"size", "99999999999"}}) {
            mvc.perform(get("/api/cases/mine").param(bad[0], bad[1]).with(handler(w))).andExpect(status().isBadRequest());
        }
        mvc.perform(get("/api/cases").param("limit", "-5").with(dispatcher(w))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("case.filter.limit"));
        mvc.perform(get("/api/cases").param("class", "x' OR '1'='1").param("department", "a\") OR 1=1 --")
                .with(as(w.handler(), "HANDLER"))).andExpect(status().isOk()).andExpect(jsonPath("$.features").isEmpty());
    }
}
