package org.gridwatch.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SignInThrottle throttle = new SignInThrottle(new SignInThrottle.Limits(3, 6, Duration.ofSeconds(1),
            Duration.ofSeconds(8), Duration.ofMinutes(10), 100), now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void theFirstFailuresAreFreeThenTheWaitDoublesUpToTheCap() {
        for (int i = 0; i < 2; i++) {
            throttle.failed("vc1", "10.0.0.1");
            assertThat(throttle.wait("vc1", "10.0.0.1")).isZero();
        }
        throttle.failed("vc1", "10.0.0.1");
        assertThat(throttle.wait("vc1", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        // The account waits from any address.
        assertThat(throttle.wait("vc1", "10.9.9.9")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.wait("VC1", "10.9.9.9")).as("names compare case-insensitively").isEqualTo(Duration.ofSeconds(1));
        advance(Duration.ofMillis(400));
        assertThat(throttle.wait("vc1", "10.0.0.1")).isEqualTo(Duration.ofMillis(600));
        advance(Duration.ofMillis(600));
        assertThat(throttle.wait("vc1", "10.0.0.1")).isZero();
        throttle.failed("vc1", "10.0.0.1");
        assertThat(throttle.wait("vc1", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 5; i++) throttle.failed("vc1", "10.0.0.2");
        assertThat(throttle.wait("vc1", "10.0.0.3")).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void successClearsTheAccountButNotTheAddress() {
        for (int i = 0; i < 6; i++) throttle.failed("user" + i, "10.0.0.7");
        throttle.failed("mine", "10.0.0.8");
        throttle.failed("mine", "10.0.0.8");
        throttle.failed("mine", "10.0.0.8");
        assertThat(throttle.wait("someone-new", "10.0.0.7")).as("the address guessed six names").isPositive();
        assertThat(throttle.wait("mine", "10.0.0.9")).isPositive();
        throttle.succeeded("mine");
        assertThat(throttle.wait("mine", "10.0.0.9")).isZero();
        throttle.succeeded("user0");
        assertThat(throttle.wait("user0", "10.0.0.7")).as("the address still waits").isPositive();
    }

    @Test
    void aQuietKeyStartsOverAndMemoryStaysBounded() {
        for (int i = 0; i < 3; i++) throttle.failed("vc1", null);
        assertThat(throttle.wait("vc1", null)).isPositive();
        advance(Duration.ofMinutes(11));
        assertThat(throttle.wait("vc1", null)).isZero();
        throttle.failed("vc1", null);
        assertThat(throttle.wait("vc1", null)).as("counting starts at one again").isZero();

        for (int i = 0; i < 3; i++) throttle.failed("target", null);
        for (int i = 0; i < 100; i++) throttle.failed("spray" + i, null);
        // Only the 100 most recent keys are kept: the oldest (target) was dropped, the newest are counted.
        assertThat(throttle.wait("target", null)).isZero();
        throttle.failed("spray99", null);
        throttle.failed("spray99", null);
        assertThat(throttle.wait("spray99", null)).isPositive();
    }
}
