package org.gridwatch.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.support.Shapes.gridFeature;
import static org.gridwatch.support.Shapes.rectangle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.gridwatch.support.H2TestDatabase;
import org.gridwatch.support.HeadlessChromium;
import org.gridwatch.support.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signing in and out and the account page in a real browser: the map sends a browser without session
 * to the login page; a wrong password is explained; an admin creates a grid worker on the account page,
 * who then signs in and sees its own name and role but no account page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gridwatch.sample.enabled=false", "gridwatch.map.default-base-map=none"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf(value = "org.gridwatch.support.HeadlessChromium#presentOrCi",
        disabledReason = "/usr/bin/chromium or /usr/bin/chromedriver not installed (apt-get install chromium chromium-driver)")
class AccountBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        H2TestDatabase.registerEmptyStore(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = TestIdentity.adminHttpClient();
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        for (String grid : new String[]{
                gridFeature(rectangle(122.0, 30.0, 0, 0, 400, 400), "B-L", "浏览器大网格", "large", null),
                gridFeature(rectangle(122.0, 30.0, 0, 0, 200, 200), "B-S1", "浏览器小网格", "small", "B-L")}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "api/grids"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(grid)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        driver = HeadlessChromium.start(null);
        wait = HeadlessChromium.waiting(driver, Duration.ofSeconds(15));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
    }

    @Test
    void signInManageAccountsAndSignOut() throws Exception {
        // No session: the map page sends the browser to the login page, in Chinese.
        driver.get(base());
        wait.until(ExpectedConditions.urlContains("login.html"));
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        assertThat(driver.findElement(By.cssSelector(".login-box")).getText()).contains("用户名", "密码");

        driver.findElement(By.name("username")).sendKeys(TestIdentity.ADMIN_USERNAME);
        driver.findElement(By.name("password")).sendKeys("wrong-password");
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("error=credentials"));
        WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-message")));
        assertThat(message.getText()).isEqualTo("用户名或密码错误");

        HeadlessChromium.signIn(driver, base());
        WebElement bar = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("session-bar")));
        assertThat(bar.getText()).contains("admin", "管理员", "退出登录");

        // The account page: create a grid worker linked to B-S1.
        bar.findElement(By.cssSelector("[data-action=accounts]")).click();
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        assertThat(driver.findElement(By.id("account-table")).getText()).contains("admin");
        driver.findElement(By.name("username")).sendKeys("网格员小李");
        driver.findElement(By.name("password")).sendKeys("worker-password");
        driver.findElement(By.cssSelector("input[name=roles][value=grid_worker]")).click();
        driver.findElement(By.name("gridCodes")).sendKeys("B-S1");
        driver.findElement(By.cssSelector("[data-action=account-save]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-username='网格员小李']")));
        JsonNode stored = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base() + "api/users/"
                + java.net.URLEncoder.encode("网格员小李", java.nio.charset.StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(stored.path("roles").toString()).isEqualTo("[\"grid_worker\"]");
        assertThat(stored.path("gridCodes").toString()).isEqualTo("[\"B-S1\"]");

        // A refusal from the service shows in the form: a second account of the same name.
        driver.findElement(By.name("username")).sendKeys("网格员小李");
        driver.findElement(By.name("password")).sendKeys("worker-password");
        driver.findElement(By.cssSelector("input[name=roles][value=viewer]")).click();
        driver.findElement(By.cssSelector("[data-action=account-save]")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#account-form .form-error")));
        assertThat(error.getText()).contains("已存在");

        // Sign out, then in as the worker: its name and role, no account page.
        driver.get(base());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-action=logout]"))).click();
        wait.until(ExpectedConditions.urlContains("login.html?logout"));
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-message"))).getText())
                .isEqualTo("您已退出登录");
        HeadlessChromium.signIn(driver, base(), "网格员小李", "worker-password");
        bar = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("session-bar")));
        assertThat(bar.getText()).contains("网格员小李", "网格员");
        assertThat(driver.findElements(By.cssSelector("[data-action=accounts]"))).isEmpty();
        HeadlessChromium.screenshot(driver, "account-browser-worker.png");
    }

    private String base() {
        return "http://localhost:" + port + "/";
    }
}
