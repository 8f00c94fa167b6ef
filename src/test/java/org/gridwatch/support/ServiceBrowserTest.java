package org.gridwatch.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A browser test of the whole service: started on a random port for the class, with no base-map tiles
 * (the test machine is offline), one browser for the class ({@link HeadlessChromium#start} in
 * {@code @BeforeAll}, so one test instance), its tests run in their {@code @Order}, as steps of one
 * visit. Skipped when chromium or chromedriver is missing locally; in CI (CI=true) it runs and fails
 * instead. The class still registers its store with {@code @DynamicPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "gridwatch.map.default-base-map=none")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf(value = "org.gridwatch.support.HeadlessChromium#presentOrCi",
        disabledReason = "/usr/bin/chromium or /usr/bin/chromedriver not installed (apt-get install chromium chromium-driver)")
public @interface ServiceBrowserTest {
}
