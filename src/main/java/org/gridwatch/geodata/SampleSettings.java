package org.gridwatch.geodata;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What to load into an empty store at first start.
 *
 * @param enabled load anything at all (false: start with an empty store)
 * @param dir     a directory of generator output to load instead of the bundled sample district
 */
@ConfigurationProperties("gridwatch.sample")
public record SampleSettings(boolean enabled, String dir) {
}
