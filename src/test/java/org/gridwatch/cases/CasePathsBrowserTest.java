package org.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.assertj.core.data.Offset;
import org.gridwatch.support.BrowserConsole;
import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.gridwatch.support.ServiceBrowserTest;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every path of the case loop besides the straight one ({@link CaseLoopBrowserTest}), each walked by a
 * person in a real browser: pointer clicks at the centre of what they press (checked first to be the
 * element a tap there reaches, not something lying over it) and typed text. The API only makes the
 * cases a path starts from and reads what the clicks did; the map page's test handle is only read.
 * <ol type="a">
 *   <li>a dispatcher types in a 12345 call (source hotline): class, a point picked on the map, text;</li>
 *   <li>a dispatcher merges a new duplicate into an open case of the same class nearby (1920×1080);</li>
 *   <li>a dispatcher rejects a report at registration with a reason;</li>
 *   <li>a handler sends a case back (退回) with a reason, and the dispatcher dispatches it again;</li>
 *   <li>a handler asks for extensions (延期); the dispatcher grants one and refuses the other;</li>
 *   <li>a grid worker on the phone (390×844) sends handling back for rework (返工), which the evaluation counts;</li>
 *   <li>a transition not allowed now is not offered, and a stale version is explained in Chinese;</li>
 *   <li>the grid worker's phone, its clock in another zone, lists each case's report time and deadline at the
 *   district's clock, the overdue one marked, in Chinese and in English.</li>
 * </ol>
 * Desktop roles at 1366×768 (the merge at 1920×1080), the phone at 390×844. Each test leaves a
 * screenshot in {@code target/case-paths-*.png}, and fails when the browser console logged an error
 * it did not expect or the case panel shows an untranslated key.
 *
 * <p>One service and one browser for the class; no generated sample patrols (they are not needed and
 * take most of a start). Skipped without chromium locally.
 */
@ServiceBrowserTest
@TestPropertySource(properties = "gridwatch.sample.activity=never")
class CasePathsBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "paths-test-password-1";
    private static final String WORKER = "paths-worker", DISPATCHER = "paths-dispatcher", HANDLER = "paths-handler";
    /** Classes that are not dispatched automatically on registration. */
    private static final String DEBRIS = "accumulated_debris", BREEDING = "breeding_site";
    /** Dispatched on registration to sanitation (auto_dispatch). */
    private static final String GARBAGE = "exposed_garbage";
    private static final String SANITATION = "sanitation", MUNICIPAL = "municipal";
    /** The district's zone (gridwatch.inspection.zone's default) and the grid worker's phone's, far apart. */
    private static final String DISTRICT_ZONE = "Asia/Shanghai", PHONE_ZONE = "America/New_York";
    /** Text of a key the dictionaries lack (the page then shows the key) or of a value that was never filled. */
    private static final Pattern UNTRANSLATED = Pattern.compile(
            "\\b(case|fieldcase|field|caseui|panel|layer)\\.[a-z][A-Za-z_]*(\\.[A-Za-z_]+)*\\b|\\bundefined\\b|\\bauto\\b|\\bmerged\\b|\\bNaN\\b|\\[object |\\{[a-z]+\\}");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;
    /** Sample features inside small grids: the places the cases are reported at. */
    private final List<Place> places = new ArrayList<>();
    private Path photo;
    private Person dispatcher, handler, worker;
    /** Console errors the running test provokes on purpose (e.g. a 409 it asked for). */
    private final List<Pattern> expectedConsole = new ArrayList<>();
    private String screenshotName;

    record Place(String grid, double lon, double lat) {
        /** A point {@code metres} north of this one. */
        Place north(double metres) {
            return new Place(grid, lon, lat + metres / 111_320.0);
        }
    }

    @BeforeAll
    void start() throws Exception {
        java.util.Set<String> grids = new java.util.HashSet<>();
        for (JsonNode f : json("GET", "/api/features?limit=2000", null).get("features")) {
            String grid = f.at("/properties/gridCode").isString() ? f.at("/properties/gridCode").asString() : null;
            // One place per grid, so that no two tests meet in one grid's lists.
            if (grid != null && grids.add(grid)) {
                places.add(new Place(grid, f.at("/geometry/coordinates/0").asDouble(), f.at("/geometry/coordinates/1").asDouble()));
            }
        }
        assertThat(places).as("features in distinct small grids").hasSizeGreaterThan(20);
        account(WORKER, "grid_worker", List.of(place(6).grid()), null);
        account(DISPATCHER, "dispatcher", List.of(), null);
        account(HANDLER, "handler", List.of(), SANITATION);

        photo = Files.createDirectories(Path.of("target")).resolve("case-paths-photo.png");
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 320; x++) for (int y = 0; y < 240; y++) image.setRGB(x, y, (x * 5 + y * 11) & 0xffffff);
        ImageIO.write(image, "png", photo.toFile());

        dispatcher = new Person(DISPATCHER, "/");
        handler = new Person(HANDLER, "/");
        worker = new Person(WORKER, "/field.html");
    }

    @AfterAll
    void stop() {
        for (Person p : List.of(dispatcher, handler, worker)) if (p.driver != null) p.driver.quit();
    }

    @BeforeEach
    void forget(TestInfo test) {
        expectedConsole.clear();
        for (Person p : started()) BrowserConsole.severe(p.driver, List.of()); // what earlier tests left is theirs
        screenshotName = "case-paths-" + test.getTestMethod().orElseThrow().getName() + ".png";
    }

    /** Every test: a screenshot of the last person's screen, and no console error it did not provoke on purpose. */
    @AfterEach
    void screenshotAndConsole() throws IOException {
        if (driver != null) HeadlessChromium.screenshot(driver, screenshotName);
        for (Person p : started()) {
            assertThat(BrowserConsole.severe(p.driver, expectedConsole)).as("console errors at %s's browser", p.username).isEmpty();
        }
    }

    private List<Person> started() {
        return java.util.stream.Stream.of(dispatcher, handler, worker).filter(p -> p.driver != null).toList();
    }

    // --- a) hotline --------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void aDispatcherTypesInAHotlineCallAtAPointPickedOnTheMap() throws Exception {
        atMap(dispatcher, 1366, 768);
        tap(By.cssSelector("[data-action=case-hotline]"));
        assertThat(driver.findElement(By.cssSelector(".case-pick-hint")).getText()).isEqualTo("请在地图上点击问题位置（Esc 取消）");
        // The place: a feature the map shows away from its edges and controls, clicked where it is drawn.
        Place at = placeInView();
        clickMap(at.lon(), at.lat());
        WebElement classSelect = wait.until(d -> d.findElements(By.cssSelector("select[name=hotline-class]")).stream().findFirst().orElse(null));
        // The class is asked for before anything is sent.
        tap(By.cssSelector("[data-action=hotline-save]"));
        assertThat(driver.findElement(By.cssSelector(".case-hotline .form-error")).getText()).isEqualTo("请选择案件类别");
        new Select(classSelect).selectByValue(GARBAGE);
        type(By.cssSelector("textarea[name=hotline-text]"), "市民来电：菜场北门垃圾堆放两天无人清运");
        type(By.cssSelector("input[name=hotline-name]"), "李女士");
        type(By.cssSelector("input[name=hotline-phone]"), "13900001234");
        assertTranslated();
        tap(By.cssSelector("[data-action=hotline-save]"));

        JsonNode hotline = waitForOne("/api/cases?source=hotline");
        long id = hotline.path("id").asLong();
        // In the queue, with its class and status, and opened in the detail.
        WebElement row = waitRow(id);
        assertThat(row.getText()).contains("暴露垃圾").contains("待立案");
        waitDetail(id, "reported");
        String detail = driver.findElement(By.id("case-detail")).getText();
        assertThat(detail).contains("热线").contains("李女士").contains("13900001234").contains("菜场北门");
        assertTranslated();

        JsonNode c = caseJson(id);
        assertThat(c.path("source").asString()).isEqualTo("hotline");
        assertThat(c.path("classCode").asString()).isEqualTo(GARBAGE);
        assertThat(c.path("description").asString()).isEqualTo("市民来电：菜场北门垃圾堆放两天无人清运");
        assertThat(c.path("reporterPhone").asString()).isEqualTo("13900001234");
        // Where the dispatcher clicked (a pixel of the map is a few metres at this zoom), in that grid.
        double pixel = metresPerPixel();
        assertThat(c.path("lon").asDouble()).isCloseTo(at.lon(), Offset.offset(pixel * 1.5 / (111_320 * Math.cos(Math.toRadians(at.lat())))));
        assertThat(c.path("lat").asDouble()).isCloseTo(at.lat(), Offset.offset(pixel * 1.5 / 111_320));
        assertThat(c.path("smallGridCode").asString()).isEqualTo(at.grid());
    }

    // --- b) merge ------------------------------------------------------------------------------------------

    @Test
    @Order(2)
    void bADispatcherMergesADuplicateIntoTheOpenCaseNearby() throws Exception {
        JsonNode first = report(DEBRIS, place(1), "工地门口堆放渣土");
        transition(first, Map.of("action", "register"));
        JsonNode duplicate = report(DEBRIS, place(1).north(12), "工地门口有渣土");
        long firstId = first.path("id").asLong(), dupId = duplicate.path("id").asLong();
        assertThat(duplicate.at("/duplicateCandidates/0/id").asLong()).as("the service sees the duplicate").isEqualTo(firstId);
        int reportedBefore = evaluationTotal().path("reported").asInt();

        atMap(dispatcher, 1920, 1080);
        tap(waitRow(dupId));
        waitDetail(dupId, "reported");
        tap(By.cssSelector("[data-action=case-merge]"));
        // The open cases of the same class nearby are offered, nearest first, with their number.
        WebElement candidate = wait.until(d -> d.findElements(By.cssSelector(".case-merge-candidate[data-case-id='" + firstId + "']"))
                .stream().findFirst().orElse(null));
        assertThat(candidate.getText()).contains(first.path("number").asString()).contains("12 米");
        assertTranslated();
        tap(candidate);
        tap(By.cssSelector("[data-action=case-confirm]"));
        waitDetail(dupId, "merged");
        // The duplicate names the case it went into, by its number.
        wait.until(d -> d.findElement(By.cssSelector("#case-detail [data-action=case-open-related]")).getText()
                .equals(first.path("number").asString()));
        assertThat(driver.findElements(By.cssSelector("#case-detail .case-action-buttons button"))).isEmpty();
        // Gone from the queue; the open case stays.
        wait.until(d -> d.findElements(By.cssSelector("#case-list .case-row[data-case-id='" + dupId + "']")).isEmpty());
        waitRow(firstId);
        // The open case's timeline shows the duplicate merged in.
        tap(By.cssSelector("#case-detail [data-action=case-open-related]"));
        waitDetail(firstId, "registered");
        wait.until(d -> d.findElement(By.cssSelector("#case-detail .case-step[data-action=merge_in]")).getText()
                .contains(duplicate.path("number").asString()));
        assertThat(driver.findElement(By.cssSelector("#case-detail .case-step[data-action=merge_in]")).getText()).contains("并入重复案件");
        assertTranslated();

        JsonNode dup = caseJson(dupId);
        assertThat(dup.path("status").asString()).isEqualTo("merged");
        assertThat(dup.path("mergedInto").asLong()).isEqualTo(firstId);
        assertThat(steps(caseJson(firstId))).contains("merge_in");
        // Counted once: the duplicate no longer counts as reported.
        assertThat(evaluationTotal().path("reported").asInt()).isEqualTo(reportedBefore - 1);
    }

    // --- c) reject ---------------------------------------------------------------------------------------

    @Test
    @Order(3)
    void cADispatcherRejectsAReportWithAReason() throws Exception {
        long id = report(GARBAGE, place(2), "小区内部绿化带落叶").path("id").asLong();
        atMap(dispatcher, 1366, 768);
        tap(waitRow(id));
        waitDetail(id, "reported");
        tap(By.cssSelector("[data-action=case-reject]"));
        // No reason, no rejection.
        tap(By.cssSelector("[data-action=case-confirm]"));
        assertThat(driver.findElement(By.cssSelector(".case-action-form .form-error")).getText()).isEqualTo("请填写理由");
        assertThat(caseJson(id).path("status").asString()).isEqualTo("reported");
        type(By.cssSelector(".case-action-form textarea[name=note]"), "不属于本辖区：小区物业管理范围");
        tap(By.cssSelector("[data-action=case-confirm]"));
        waitDetail(id, "rejected");
        assertThat(driver.findElement(By.cssSelector("#case-detail .case-status")).getText()).isEqualTo("不予立案");
        assertThat(driver.findElement(By.cssSelector("#case-detail .case-step[data-action=reject]")).getText())
                .contains("不予立案").contains("不属于本辖区：小区物业管理范围");
        assertThat(driver.findElements(By.cssSelector("#case-detail .case-action-buttons button"))).isEmpty();
        wait.until(d -> d.findElements(By.cssSelector("#case-list .case-row[data-case-id='" + id + "']")).isEmpty());
        assertTranslated();

        JsonNode c = caseJson(id);
        assertThat(c.path("status").asString()).isEqualTo("rejected");
        assertThat(last(c).path("note").asString()).isEqualTo("不属于本辖区：小区物业管理范围");
        assertThat(last(c).path("actor").asString()).isEqualTo(DISPATCHER);
    }

    // --- d) return and dispatch again ----------------------------------------------------------------------

    @Test
    @Order(4)
    void dAHandlerSendsACaseBackAndTheDispatcherDispatchesItAgain() throws Exception {
        JsonNode d = dispatched(DEBRIS, place(3), "桥下堆放建筑垃圾", SANITATION);
        long id = d.path("id").asLong();

        atMap(handler, 1366, 768);
        assertThat(driver.findElement(By.cssSelector(".case-list-title")).getText()).isEqualTo("本部门案件");
        tap(waitRow(id));
        waitDetail(id, "dispatched");
        tap(By.cssSelector("[data-action=case-return]"));
        tap(By.cssSelector("[data-action=case-confirm]"));
        assertThat(driver.findElement(By.cssSelector(".case-action-form .form-error")).getText()).isEqualTo("请填写理由");
        type(By.cssSelector(".case-action-form textarea[name=note]"), "桥下属市政养护范围，非环卫所职责");
        tap(By.cssSelector("[data-action=case-confirm]"));
        // Back with the dispatcher: the handler is told so and no longer has it in the list.
        WebElement notice = wait.until(d2 -> d2.findElements(By.cssSelector("#case-detail .case-notice")).stream().findFirst().orElse(null));
        assertThat(notice.getText()).isEqualTo("已退回受理派遣，案件不再由本部门处置");
        wait.until(d2 -> d2.findElements(By.cssSelector("#case-list .case-row[data-case-id='" + id + "']")).isEmpty());
        assertTranslated();
        JsonNode returned = caseJson(id);
        assertThat(returned.path("status").asString()).isEqualTo("registered");
        assertThat(last(returned).path("action").asString()).isEqualTo("return");

        atMap(dispatcher, 1366, 768);
        tap(waitRow(id));
        waitDetail(id, "registered");
        // The handler's reason is in the timeline for the dispatcher to read.
        assertThat(driver.findElement(By.cssSelector("#case-detail .case-step[data-action=return]")).getText())
                .contains("退回").contains("桥下属市政养护范围，非环卫所职责");
        tap(By.cssSelector("[data-action=case-dispatch]"));
        new Select(driver.findElement(By.cssSelector(".case-action-form select[name=department]"))).selectByValue(MUNICIPAL);
        tap(By.cssSelector("[data-action=case-confirm]"));
        waitDetail(id, "dispatched");
        assertThat(driver.findElement(By.id("case-detail")).getText()).contains("市政养护所");
        assertTranslated();
        JsonNode again = caseJson(id);
        assertThat(again.path("department").asString()).isEqualTo(MUNICIPAL);
        assertThat(steps(again)).containsSubsequence("dispatch", "return", "dispatch");
    }

    // --- e) extensions -----------------------------------------------------------------------------------

    @Test
    @Order(5)
    void eAHandlerAsksForExtensionsTheDispatcherGrantsOneAndRefusesTheOther() throws Exception {
        long granted = dispatched(DEBRIS, place(4), "河道边渣土，需调派车辆", SANITATION).path("id").asLong();
        long refused = dispatched(DEBRIS, place(5), "路口渣土", SANITATION).path("id").asLong();
        Instant deadlineBefore = Instant.parse(caseJson(granted).path("handleDeadline").asString());
        Instant refusedDeadline = Instant.parse(caseJson(refused).path("handleDeadline").asString());

        atMap(handler, 1366, 768);
        askExtension(granted, "4", "需调派大型清运车辆");
        askExtension(refused, "8", "人手不足");

        atMap(dispatcher, 1366, 768);
        // A pending request puts the case in the dispatcher's queue, with grant and refuse and nothing else.
        tap(waitRow(granted));
        waitDetail(granted, "dispatched");
        assertThat(actionButtons()).containsExactly("同意延期", "不同意延期");
        assertThat(driver.findElement(By.id("case-detail")).getText()).contains("待批延期").contains("4 工作小时");
        String deadlineShown = deadlineText();
        tap(By.cssSelector("[data-action=case-grant_extension]"));
        tap(By.cssSelector("[data-action=case-confirm]"));
        wait.until(d -> !d.findElements(By.cssSelector("#case-detail .case-step[data-action=grant_extension]")).isEmpty());
        // The deadline on the screen moved, and no decision is left to take.
        assertThat(deadlineText()).isNotEqualTo(deadlineShown);
        assertThat(driver.findElements(By.cssSelector("#case-detail .case-action-buttons button"))).isEmpty();
        JsonNode g = caseJson(granted);
        assertThat(g.path("extensionMinutes").asInt()).isEqualTo(240);
        assertThat(g.path("pendingExtensionMinutes").isNull()).isTrue();
        // Four working hours are at least four hours on the clock.
        assertThat(Duration.between(deadlineBefore, Instant.parse(g.path("handleDeadline").asString()))).isGreaterThanOrEqualTo(Duration.ofHours(4));

        tap(waitRow(refused));
        waitDetail(refused, "dispatched");
        tap(By.cssSelector("[data-action=case-refuse_extension]"));
        tap(By.cssSelector("[data-action=case-confirm]"));
        assertThat(driver.findElement(By.cssSelector(".case-action-form .form-error")).getText()).isEqualTo("请填写理由");
        type(By.cssSelector(".case-action-form textarea[name=note]"), "一般渣土一天可清运完毕");
        tap(By.cssSelector("[data-action=case-confirm]"));
        wait.until(d -> !d.findElements(By.cssSelector("#case-detail .case-step[data-action=refuse_extension]")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("#case-detail .case-step[data-action=refuse_extension]")).getText())
                .contains("不同意延期").contains("一般渣土一天可清运完毕");
        assertTranslated();
        JsonNode r = caseJson(refused);
        assertThat(r.path("pendingExtensionMinutes").isNull()).isTrue();
        assertThat(r.path("extensionMinutes").asInt()).isZero();
        assertThat(Instant.parse(r.path("handleDeadline").asString())).isEqualTo(refusedDeadline);
        // Both have left the dispatcher's queue: the departments handle them now.
        wait.until(d -> d.findElements(By.cssSelector("#case-list .case-row[data-case-id='" + refused + "']")).isEmpty());
        assertThat(driver.findElements(By.cssSelector("#case-list .case-row[data-case-id='" + granted + "']"))).isEmpty();
    }

    private void askExtension(long id, String hours, String reason) throws Exception {
        tap(waitRow(id));
        waitDetail(id, "dispatched");
        assertThat(actionButtons()).containsExactly("处置完毕", "申请延期", "退回");
        tap(By.cssSelector("[data-action=case-request_extension]"));
        WebElement hoursInput = driver.findElement(By.cssSelector(".case-action-form input[name=extensionHours]"));
        tap(hoursInput);
        hoursInput.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), hours);
        type(By.cssSelector(".case-action-form textarea[name=note]"), reason);
        tap(By.cssSelector("[data-action=case-confirm]"));
        wait.until(d -> !d.findElements(By.cssSelector("#case-detail .case-step[data-action=request_extension]")).isEmpty());
        // Asked once: while the request is pending the page offers no second one.
        assertThat(actionButtons()).containsExactly("处置完毕", "退回");
        assertThat(driver.findElement(By.id("case-detail")).getText()).contains("待批延期").contains(hours + " 工作小时");
        assertTranslated();
        assertThat(caseJson(id).path("pendingExtensionMinutes").asInt()).isEqualTo(Integer.parseInt(hours) * 60);
    }

    // --- f) rework on the phone ----------------------------------------------------------------------------

    @Test
    @Order(6)
    void fAGridWorkerSendsHandlingBackOnThePhoneAndItCountsAsRework() throws Exception {
        // Before: one case verified at the first visit (no rework), so the rate is a number.
        JsonNode cleanHandled = handled(BREEDING, place(7), "绿地积水", "vector_control");
        uploadPhoto(cleanHandled.path("id").asLong(), "verify");
        transition(cleanHandled, Map.of("action", "verify"));
        long id = handled(GARBAGE, place(6), "垃圾桶旁散落垃圾", SANITATION).path("id").asLong();
        JsonNode before = evaluationTotal();
        int verified0 = before.path("verified").asInt(), reworked0 = before.path("reworked").asInt();
        assertThat(verified0).isPositive();

        atFieldPage(place(6).grid());
        tap((WebElement) wait.until(d -> d.findElements(By.cssSelector("#to-verify-list .to-verify-item[data-case-id='" + id + "']")).stream().findFirst().orElse(null)));
        wait.until(d -> d.findElement(By.cssSelector("[data-action=case-rework]")).isDisplayed());
        assertTranslated(By.id("sheet"));
        // No reason, no rework.
        tap(By.cssSelector("[data-action=case-rework]"));
        assertThat(driver.findElement(By.cssSelector("#sheet .form-error")).getText()).isEqualTo("请写明未整改之处");
        type(By.cssSelector("#sheet textarea[name=rework-reason]"), "垃圾桶北侧仍有散落垃圾");
        HeadlessChromium.screenshot(driver, "case-paths-rework-phone.png");
        tap(By.cssSelector("[data-action=case-rework]"));
        wait.until(d -> d.findElements(By.cssSelector("#to-verify-list .to-verify-item[data-case-id='" + id + "']")).isEmpty());
        JsonNode reworked = caseJson(id);
        assertThat(reworked.path("status").asString()).isEqualTo("dispatched");
        assertThat(reworked.path("reworkCount").asInt()).isEqualTo(1);
        assertThat(last(reworked).path("note").asString()).isEqualTo("垃圾桶北侧仍有散落垃圾");
        assertThat(last(reworked).path("actor").asString()).isEqualTo(WORKER);

        // Back with the handler, who handles it again ...
        atMap(handler, 1366, 768);
        tap(waitRow(id));
        waitDetail(id, "dispatched");
        assertThat(driver.findElement(By.cssSelector("#case-detail .case-step[data-action=rework]")).getText())
                .contains("返工").contains("垃圾桶北侧仍有散落垃圾");
        assertThat(driver.findElement(By.id("case-detail")).getText()).contains("返工次数");
        tap(By.cssSelector("[data-action=case-handle]"));
        driver.findElement(By.cssSelector(".case-action-form input[name=afterPhoto]")).sendKeys(photo.toAbsolutePath().toString());
        type(By.cssSelector(".case-action-form textarea[name=note]"), "已全部清扫");
        tap(By.cssSelector("[data-action=case-confirm]"));
        waitDetail(id, "handled");

        // ... and the grid worker passes it at the second visit.
        atFieldPage(place(6).grid());
        tap((WebElement) wait.until(d -> d.findElements(By.cssSelector("#to-verify-list .to-verify-item[data-case-id='" + id + "']")).stream().findFirst().orElse(null)));
        wait.until(d -> d.findElement(By.cssSelector("[data-action=case-verify]")).isDisplayed());
        driver.findElement(By.cssSelector("#sheet input[name=verify-photo]")).sendKeys(photo.toAbsolutePath().toString());
        tap(By.cssSelector("[data-action=case-verify]"));
        wait.until(d -> d.findElements(By.cssSelector("#to-verify-list .to-verify-item[data-case-id='" + id + "']")).isEmpty());
        assertThat(caseJson(id).path("status").asString()).isEqualTo("verified");

        JsonNode after = evaluationTotal();
        assertThat(after.path("verified").asInt()).isEqualTo(verified0 + 1);
        assertThat(after.path("reworked").asInt()).isEqualTo(reworked0 + 1);
        double rate0 = (double) reworked0 / verified0, rate1 = (double) (reworked0 + 1) / (verified0 + 1);
        assertThat(before.path("reworkRate").asDouble()).isCloseTo(rate0, Offset.offset(1e-9));
        assertThat(after.path("reworkRate").asDouble()).isCloseTo(rate1, Offset.offset(1e-9)).isGreaterThan(rate0);
    }

    // --- g) what is not allowed now, and a stale version --------------------------------------------------

    @Test
    @Order(7)
    void gWhatIsNotAllowedNowIsNotOfferedAndAStaleVersionIsExplained() throws Exception {
        JsonNode fresh = report(DEBRIS, place(9), "绿化带渣土");
        long freshId = fresh.path("id").asLong();
        // Next to it, a case the department is handling (exposed garbage is dispatched on registration).
        Place beside = place(9).north(40);
        long withDepartment = dispatched(GARBAGE, beside, "人行道垃圾", SANITATION).path("id").asLong();

        atMap(dispatcher, 1366, 768);
        // The queue's row brings the map to the reported case; the dispatcher then clicks the case beside it.
        tap(waitRow(freshId));
        waitDetail(freshId, "reported");
        HeadlessChromium.waitMapIdle(wait);
        clickMap(beside.lon(), beside.lat());
        // A dispatched case without a pending request: nothing for a dispatcher to do, and the page says so.
        waitDetail(withDepartment, "dispatched");
        assertThat(driver.findElements(By.cssSelector("#case-detail .case-action-buttons button"))).isEmpty();
        assertThat(driver.findElement(By.cssSelector("#case-detail .case-no-actions")).getText()).isEqualTo("处置部门处置中，当前无需你操作");

        // A reported case: register, merge, reject; nothing of the later stages.
        tap(waitRow(freshId));
        waitDetail(freshId, "reported");
        assertThat(actionButtons()).containsExactly("立案", "合并", "不予立案");
        tap(By.cssSelector("[data-action=case-register]"));
        // Someone else registers it first ...
        transition(fresh, Map.of("action", "register"));
        expectedConsole.add(Pattern.compile("status of 409"));
        tap(By.cssSelector("[data-action=case-confirm]"));
        // ... and the page says so in words, shows the case as it is now, and offers what is allowed now.
        WebElement notice = wait.until(d -> d.findElements(By.cssSelector("#case-detail .case-notice")).stream().findFirst().orElse(null));
        waitDetail(freshId, "registered");
        assertThat(notice.getText()).isEqualTo("该案件刚被他人处理（现为“待派遣”），页面已更新为最新状态，请核对后再操作");
        assertThat(actionButtons()).containsExactly("派遣");
        assertTranslated();
        assertThat(caseJson(freshId).path("status").asString()).isEqualTo("registered");
        assertThat(steps(caseJson(freshId)).stream().filter("register"::equals).count()).as("registered once").isEqualTo(1);
    }

    // --- h) times on the phone -------------------------------------------------------------------------------

    @Test
    @Order(8)
    void hTheGridWorkerReadsEachCasesReportTimeAndDeadlineOnThePhoneAtTheDistrictsClock() throws Exception {
        // Two cases waiting for the worker: one within its time, one whose verification is a day late.
        long inTime = handled(GARBAGE, place(6), "垃圾桶满溢", SANITATION).path("id").asLong();
        long late = handled(DEBRIS, place(6), "楼道口堆放装修垃圾", SANITATION).path("id").asLong();
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        jdbc.update("UPDATE cases SET stage_deadline = ?, verify_deadline = ? WHERE id = ?",
                java.sql.Timestamp.from(dayAgo), java.sql.Timestamp.from(dayAgo), late);

        atFieldPage(place(6).grid());
        // The phone is set to New York's clock (Person.act), twelve or thirteen hours from the district's.
        assertThat(driver.executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone")).isEqualTo(PHONE_ZONE);
        JsonNode inTimeCase = caseJson(inTime), lateCase = caseJson(late);
        assertThat(lateCase.path("overdue").asBoolean()).isTrue();
        assertThat(inTimeCase.path("overdue").asBoolean()).isFalse();
        for (JsonNode c : List.of(inTimeCase, lateCase)) {
            // Named by its class's name, not its code (the list is drawn again once the classes are in).
            String selector = "#to-verify-list .to-verify-item[data-case-id='" + c.path("id").asLong() + "']";
            wait.until(d -> {
                Object text = driver.executeScript("const e = document.querySelector(arguments[0]); return e && e.textContent", selector);
                return text != null && !String.valueOf(text).contains(c.path("classCode").asString());
            });
            WebElement item = verifyItem(c.path("id").asLong());
            assertThat(item.findElement(By.cssSelector(".case-reported-at")).getText())
                    .containsPattern(Pattern.compile("^上报 " + districtClock(c.path("reportedAt").asString(), "y/M/d", " ")));
            assertThat(item.findElement(By.cssSelector(".case-deadline")).getText())
                    .containsPattern(Pattern.compile("^时限 " + districtClock(c.path("stageDeadline").asString(), "y/M/d", " ")));
        }
        // The late one is marked, in words and in red; the other is not.
        WebElement lateItem = verifyItem(late), inTimeItem = verifyItem(inTime);
        assertThat(lateItem.getDomAttribute("data-urgency")).isEqualTo("overdue");
        assertThat(lateItem.findElement(By.cssSelector(".case-deadline")).getText()).endsWith("已超期");
        assertThat(lateItem.findElement(By.cssSelector(".case-deadline")).getCssValue("color")).isEqualTo("rgba(211, 47, 47, 1)");
        assertThat(inTimeItem.getDomAttribute("data-urgency")).isNotEqualTo("overdue");
        assertThat(inTimeItem.findElement(By.cssSelector(".case-deadline")).getText()).doesNotContain("已超期");
        assertThat(inTimeItem.findElement(By.cssSelector(".case-deadline")).getCssValue("color")).isNotEqualTo("rgba(211, 47, 47, 1)");
        // The phone's clock is not the district's, so the list says whose clock the times are.
        assertThat(driver.findElement(By.id("to-verify-zone")).getText()).isEqualTo("时间按 Asia/Shanghai 时区显示");
        assertTranslated(By.id("field-cases"));
        driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", lateItem); // a person's swipe up, for the screenshot
        HeadlessChromium.screenshot(driver, "case-paths-times-phone.png");

        // The same in English, after the page's language switch.
        tap(By.id("lang-switch"));
        wait.until(d -> "en".equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
        HeadlessChromium.waitReady(wait);
        WebElement lateInEnglish = verifyItem(late);
        assertThat(lateInEnglish.findElement(By.cssSelector(".case-reported-at")).getText())
                .containsPattern(Pattern.compile("^Reported " + districtClock(lateCase.path("reportedAt").asString(), "M/d/y", ", ")));
        assertThat(lateInEnglish.findElement(By.cssSelector(".case-deadline")).getText())
                .containsPattern(Pattern.compile("^Due " + districtClock(lateCase.path("stageDeadline").asString(), "M/d/y", ", ")))
                .endsWith("Overdue");
        assertThat(driver.findElement(By.id("to-verify-zone")).getText()).isEqualTo("Times in the Asia/Shanghai time zone");
        tap(By.id("lang-switch"));
        wait.until(d -> "zh-CN".equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
        HeadlessChromium.waitReady(wait);
    }

    private WebElement verifyItem(long id) {
        return wait.until(d -> d.findElements(By.cssSelector("#to-verify-list .to-verify-item[data-case-id='" + id + "']"))
                .stream().findFirst().orElse(null));
    }

    /**
     * A regular expression for instant {@code iso} at the district's clock as the phone page writes it: the date in
     * {@code dateFormat} (y, M, d without leading zeros), {@code separator}, then H:mm (the hour with or without a leading zero).
     */
    private static String districtClock(String iso, String dateFormat, String separator) {
        java.time.ZonedDateTime t = java.time.OffsetDateTime.parse(iso).atZoneSameInstant(java.time.ZoneId.of(DISTRICT_ZONE));
        String date = dateFormat.replace("y", String.valueOf(t.getYear())).replace("M", String.valueOf(t.getMonthValue()))
                .replace("d", String.valueOf(t.getDayOfMonth()));
        return Pattern.quote(date + separator) + "0?" + t.getHour() + ":" + String.format("%02d", t.getMinute()) + "(?!\\d)";
    }

    // --- people and pages ------------------------------------------------------------------------------------

    /**
     * One person at their own browser, as in an office and on the street: the browser starts, and the
     * person signs in on the page they work on, when they first act; afterwards they stay signed in.
     */
    private final class Person {
        final String username, page;
        ChromeDriver driver;
        WebDriverWait wait;
        boolean pageOpen;

        Person(String username, String page) {
            this.username = username;
            this.page = page;
        }

        /** Makes this person the one acting ({@code driver}, {@code wait}); the first time, starts and signs in. */
        void act() {
            if (driver == null) {
                driver = HeadlessChromium.start(null);
                // Polled often: the steps are many and each waits for the page a moment.
                wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(20));
                if (page.equals("/field.html")) {
                    // A phone with its clock set to another zone than the district's: times must still be the district's.
                    HeadlessChromium.phone(driver, PHONE_ZONE);
                    // The phone has a GPS fix in the grid worker's grid.
                    driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base(), "permissions", List.of("geolocation")));
                    driver.executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", place(6).lat(),
                            "longitude", place(6).lon(), "accuracy", 5));
                }
            }
            CasePathsBrowserTest.this.driver = driver;
            CasePathsBrowserTest.this.wait = wait;
            if (pageOpen) return;
            // The page sends a person who is not signed in to the login page, and back after it.
            driver.get(base() + page);
            WebElement submit = wait.until(d -> d.findElements(By.cssSelector("#login-form button[type=submit]")).stream()
                    .filter(WebElement::isEnabled).findFirst().orElse(null));
            type(By.name("username"), username);
            type(By.name("password"), PASSWORD);
            tap(submit);
            wait.until(d -> !d.getCurrentUrl().contains("login.html"));
            assertThat(driver.getCurrentUrl()).startsWith(base() + page);
            HeadlessChromium.waitReady(wait);
            pageOpen = true;
        }
    }

    /**
     * {@code person} at the map page on a {@code width}×{@code height} screen: signed in the first time;
     * afterwards the list is brought up to date with the panel's own refresh button, as a person does.
     */
    private void atMap(Person person, int width, int height) {
        boolean first = !person.pageOpen;
        person.act();
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
        HeadlessChromium.waitMapIdle(wait);
        if (!first) {
            tap(By.cssSelector("[data-action=case-refresh]"));
            HeadlessChromium.waitMapIdle(wait);
        }
        wait.until(d -> !d.findElements(By.cssSelector("#case-list li")).isEmpty());
    }

    /** The grid worker at the phone page: the first time the grid and name are chosen; later the page is reloaded. */
    private void atFieldPage(String grid) {
        boolean first = !worker.pageOpen;
        worker.act();
        if (!first) {
            driver.navigate().refresh();
            HeadlessChromium.waitReady(wait);
        }
        if (driver.findElement(By.id("setup")).isDisplayed()) {
            new Select(driver.findElement(By.id("setup-grid"))).selectByValue(grid);
            WebElement name = driver.findElement(By.id("setup-inspector"));
            name.clear();
            type(By.id("setup-inspector"), "网格员小陈");
            tap(By.id("setup-start"));
        }
        wait.until(d -> d.findElement(By.id("report-problem")).isDisplayed());
    }

    /** A person's tap ({@link HeadlessChromium#tap}): at the element's centre, which must be the element itself. */
    private void tap(WebElement e) {
        HeadlessChromium.tap(driver, e);
    }

    private void tap(By by) {
        tap((WebElement) wait.until(d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null)));
    }

    /** Taps into a field and types, key by key. */
    private void type(By by, String text) {
        WebElement e = driver.findElement(by);
        tap(e);
        e.sendKeys(text);
    }

    private WebElement waitRow(long id) {
        return wait.until(d -> d.findElements(By.cssSelector("#case-list .case-row[data-case-id='" + id + "']")).stream().findFirst().orElse(null));
    }

    private void waitDetail(long id, String status) {
        wait.until(d -> {
            WebElement detail = d.findElement(By.id("case-detail"));
            return String.valueOf(id).equals(detail.getAttribute("data-case-id")) && status.equals(detail.getAttribute("data-status"));
        });
    }

    /** A person's click on the map where it draws lon/lat now; the map, not a control or panel, must be there. */
    private void clickMap(double lon, double lat) {
        Object covered = driver.executeScript("""
                const map = window.gridwatch.map, pt = map.latLngToContainerPoint([arguments[1], arguments[0]]);
                const box = map.getContainer().getBoundingClientRect(), x = box.left + pt.x, y = box.top + pt.y;
                const hit = document.elementFromPoint(x, y);
                return hit && map.getContainer().contains(hit) && !hit.closest('.leaflet-control-container') ? null
                  : (hit ? hit.outerHTML.slice(0, 120) : 'nothing') + ' at ' + Math.round(x) + ',' + Math.round(y);""", lon, lat);
        assertThat(covered).as("what a click on the map at %s, %s reaches", lon, lat).isNull();
        HeadlessChromium.clickMapAt(driver, lon, lat);
    }

    /** The texts of the action buttons the open case offers, in their order. */
    private List<String> actionButtons() {
        return driver.findElements(By.cssSelector("#case-detail .case-action-buttons button")).stream()
                .filter(WebElement::isDisplayed).filter(WebElement::isEnabled).map(WebElement::getText).toList();
    }

    private String deadlineText() {
        return (String) driver.executeScript("""
                const row = [...document.querySelectorAll('#case-detail tr')].find((tr) => tr.textContent.startsWith('本环节时限'));
                return row ? row.textContent : null;""");
    }

    /** No dictionary key, "undefined" or unfilled placeholder among the case panel's visible texts. */
    private void assertTranslated() {
        assertTranslated(By.id("case-panel"));
    }

    private void assertTranslated(By root) {
        String text = driver.findElement(root).getText();
        assertThat(UNTRANSLATED.matcher(text).results().map(java.util.regex.MatchResult::group).toList())
                .as("untranslated texts in %s", text).isEmpty();
    }

    /** A place the map shows now, away from its edges (and so from its controls), not covered by anything. */
    private Place placeInView() {
        for (Place p : places) {
            Object inside = driver.executeScript("""
                    const map = window.gridwatch.map, size = map.getSize();
                    const pt = map.latLngToContainerPoint([arguments[1], arguments[0]]);
                    if (pt.x < size.x * 0.3 || pt.x > size.x * 0.7 || pt.y < size.y * 0.3 || pt.y > size.y * 0.7) return false;
                    const box = map.getContainer().getBoundingClientRect();
                    const hit = document.elementFromPoint(box.left + pt.x, box.top + pt.y);
                    return !!hit && map.getContainer().contains(hit) && !hit.closest('.leaflet-control-container');""", p.lon(), p.lat());
            if (Boolean.TRUE.equals(inside) && places.indexOf(p) > 10) return p;
        }
        throw new AssertionError("no sample feature in the middle of the map");
    }

    private double metresPerPixel() {
        return ((Number) driver.executeScript("""
                const map = window.gridwatch.map, c = map.getSize().divideBy(2);
                return map.distance(map.containerPointToLatLng(c), map.containerPointToLatLng(c.add([1, 0])));""")).doubleValue();
    }

    // --- the service: setting up and reading --------------------------------------------------------------

    private Place place(int i) {
        return places.get(i);
    }

    private JsonNode report(String classCode, Place at, String text) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", UUID.randomUUID().toString());
        body.put("source", "hotline");
        body.put("classCode", classCode);
        body.put("lon", at.lon());
        body.put("lat", at.lat());
        body.put("description", text);
        return json("POST", "/api/cases", JSON.writeValueAsString(body));
    }

    private JsonNode transition(JsonNode c, Map<String, Object> step) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(step);
        body.put("version", c.path("version").asLong());
        return json("POST", "/api/cases/" + c.path("id").asLong() + "/transitions", JSON.writeValueAsString(body));
    }

    /** A case reported, registered and dispatched to {@code department}, as the service's admin. */
    private JsonNode dispatched(String classCode, Place at, String text, String department) throws Exception {
        JsonNode c = report(classCode, at, text);
        c = transition(c, Map.of("action", "register"));
        if (!"dispatched".equals(c.path("status").asString())) c = transition(c, Map.of("action", "dispatch", "department", department));
        assertThat(c.path("department").asString()).isEqualTo(department);
        return c;
    }

    /** A case dispatched to {@code department} and recorded handled with an after-photo: waiting for its grid worker. */
    private JsonNode handled(String classCode, Place at, String text, String department) throws Exception {
        long id = dispatched(classCode, at, text, department).path("id").asLong();
        uploadPhoto(id, "after");
        return transition(caseJson(id), Map.of("action", "handle"));
    }

    private void uploadPhoto(long id, String kind) throws Exception {
        String boundary = "----case-paths-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n" + kind + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(photo));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/cases/" + id + "/photos"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private JsonNode caseJson(long id) throws Exception {
        return json("GET", "/api/cases/" + id, null);
    }

    private JsonNode evaluationTotal() throws Exception {
        return json("GET", "/api/cases/evaluation", null).path("total");
    }

    private JsonNode waitForOne(String path) throws Exception {
        JsonNode[] found = new JsonNode[1];
        HeadlessChromium.waitFor(() -> {
            JsonNode features = json("GET", path, null).get("features");
            if (features.size() != 1) return false;
            found[0] = features.get(0);
            return true;
        });
        return found[0];
    }

    private static List<String> steps(JsonNode c) {
        List<String> actions = new ArrayList<>();
        for (JsonNode s : c.path("timeline")) actions.add(s.path("action").asString());
        return actions;
    }

    private static JsonNode last(JsonNode c) {
        JsonNode timeline = c.path("timeline");
        return timeline.get(timeline.size() - 1);
    }

    private void account(String username, String role, List<String> grids, String department) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("username", username, "password", PASSWORD,
                "roles", List.of(role), "gridCodes", grids));
        if (department != null) body.put("department", department);
        HttpResponse<String> r = TestIdentity.send(http, port, "POST", "/api/users", JSON.writeValueAsString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private JsonNode json(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = TestIdentity.send(http, port, method, path, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
