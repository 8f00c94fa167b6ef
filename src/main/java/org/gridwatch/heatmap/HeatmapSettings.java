package org.gridwatch.heatmap;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Heatmap settings ({@code gridwatch.heatmap.*}).
 *
 * @param versionCheckInterval how long a feature type's change stamp is trusted before the
 *                             database is asked again: tiles can lag a feature change by this much
 * @param tileCacheBytes       PNG bytes the tile cache may hold (least recently used go first)
 */
@ConfigurationProperties("gridwatch.heatmap")
public record HeatmapSettings(Duration versionCheckInterval, Long tileCacheBytes) {

    public HeatmapSettings {
        versionCheckInterval = versionCheckInterval == null ? Duration.ofSeconds(2) : versionCheckInterval;
        tileCacheBytes = tileCacheBytes == null ? 64L * 1024 * 1024 : tileCacheBytes;
    }
}
