package org.gridwatch.route;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of patrol routes ({@code gridwatch.route.*}).
 *
 * @param walkingSpeedKmh   walking speed for the estimated time (default 4.5 km/h)
 * @param minutesPerStop    time spent at each stop (default 1 minute)
 * @param maxStops          the most stops one request may ask for (default 1000)
 * @param maxSnapMeters     a stop or start farther than this from every street is refused (default 200 m)
 * @param streetMarginMeters a coverage route may walk streets this far around its grid to join its pieces (default 1000 m)
 * @param timeBudget        wall-clock limit of the tour search per route (default 2 s)
 */
@ConfigurationProperties("gridwatch.route")
public record RouteSettings(double walkingSpeedKmh, double minutesPerStop, int maxStops, double maxSnapMeters,
                            double streetMarginMeters, Duration timeBudget) {

    public RouteSettings {
        if (walkingSpeedKmh <= 0) walkingSpeedKmh = 4.5;
        if (minutesPerStop < 0) minutesPerStop = 1;
        if (maxStops <= 0) maxStops = 1000;
        if (maxSnapMeters <= 0) maxSnapMeters = 200;
        if (streetMarginMeters <= 0) streetMarginMeters = 1000;
        if (timeBudget == null || timeBudget.isZero() || timeBudget.isNegative()) timeBudget = Duration.ofSeconds(2);
    }

    public static RouteSettings defaults() {
        return new RouteSettings(4.5, 1, 1000, 200, 1000, Duration.ofSeconds(2));
    }

    /** Estimated seconds to walk {@code lengthM} metres and spend the per-stop time at {@code stops} stops. */
    public double durationS(double lengthM, int stops) {
        return lengthM / (walkingSpeedKmh / 3.6) + stops * minutesPerStop * 60;
    }
}
