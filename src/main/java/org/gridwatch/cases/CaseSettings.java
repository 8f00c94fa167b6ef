package org.gridwatch.cases;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the case loop ({@code gridwatch.cases.*}). The district's time zone is
 * {@code gridwatch.inspection.zone}.
 *
 * @param dedupMeters          an open case of the same class within this distance is offered as a duplicate (default 50 m)
 * @param dueSoonMinutes       a case is "due soon" within this many working minutes of its stage deadline (default 60)
 * @param maxPhotoBytes        largest photo stored with a case (default 5 MB; larger: 413)
 * @param listLimit            features a case list returns when the request names no limit (default 2000)
 * @param maxListLimit         most features one case list may return (default 10,000)
 * @param maxPageSize          largest page of the queue and of "mine" (default 200)
 * @param districtMarginMeters a resident's report in no small grid is still taken (without a grid) when it lies
 *                             within this distance of a large grid (default 500 m); farther off it is refused
 * @param maxWaitingPhotos     most photos of one kind a case holds that no transition has taken along yet
 *                             (every {@code before} photo; {@code after}/{@code verify} until handled/verified;
 *                             default 10; more: 409)
 * @param triggers             inspection outcomes that open a case (null: the defaults of {@link CaseTrigger#DEFAULTS})
 */
@ConfigurationProperties("gridwatch.cases")
public record CaseSettings(double dedupMeters, long dueSoonMinutes, long maxPhotoBytes, int listLimit,
                           int maxListLimit, int maxPageSize, double districtMarginMeters, int maxWaitingPhotos,
                           List<CaseTrigger> triggers) {

    public CaseSettings {
        if (dedupMeters <= 0) dedupMeters = 50;
        if (dueSoonMinutes <= 0) dueSoonMinutes = 60;
        if (maxPhotoBytes <= 0) maxPhotoBytes = 5L * 1024 * 1024;
        if (listLimit <= 0) listLimit = 2000;
        if (maxListLimit <= 0) maxListLimit = 10_000;
        if (maxPageSize <= 0) maxPageSize = 200;
        if (districtMarginMeters <= 0) districtMarginMeters = 500;
        if (maxWaitingPhotos <= 0) maxWaitingPhotos = 10;
        triggers = triggers == null ? CaseTrigger.DEFAULTS : List.copyOf(triggers);
    }
}
