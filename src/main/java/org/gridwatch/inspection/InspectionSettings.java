package org.gridwatch.inspection;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of inspections ({@code gridwatch.inspection.*}).
 *
 * @param zone                the district's time zone: dates in the API are days in this zone (default Asia/Shanghai)
 * @param maxPhotoBytes       largest photo stored with an inspection (default 5 MB)
 * @param streetBufferMeters  a street counts as covered where it lies within this distance of a track (default 20 m)
 * @param maxBatch            most inspections one request may carry (default 1000)
 * @param sampleSeed          seed of the generated sample patrols and inspections (default 9)
 * @param sampleWeeks         weeks of sample patrols and inspections, ending on the day of first start (default 26)
 * @param maxGpxBytes         largest GPX file a patrol upload may carry (default 16 MB, as a JSON body)
 * @param maxTrackPoints      most points of a GPX track (default 100,000, as a JSON track)
 */
@ConfigurationProperties("gridwatch.inspection")
public record InspectionSettings(ZoneId zone, long maxPhotoBytes, double streetBufferMeters, int maxBatch,
                                 long sampleSeed, int sampleWeeks, long maxGpxBytes, int maxTrackPoints) {

    public InspectionSettings {
        if (zone == null) zone = ZoneId.of("Asia/Shanghai");
        if (maxPhotoBytes <= 0) maxPhotoBytes = 5L * 1024 * 1024;
        if (streetBufferMeters <= 0) streetBufferMeters = 20;
        if (maxBatch <= 0) maxBatch = 1000;
        if (sampleSeed == 0) sampleSeed = 9;
        if (sampleWeeks <= 0) sampleWeeks = 26;
        if (maxGpxBytes <= 0) maxGpxBytes = 16L * 1024 * 1024;
        if (maxTrackPoints <= 0) maxTrackPoints = GpxTrackReader.DEFAULT_MAX_POINTS;
    }
}
