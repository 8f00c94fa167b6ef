package org.gridwatch.geodata;

/** The four point-feature types the generator makes, with their share of all features. */
public enum FeatureType {
    TRASH_BIN("trash_bin", "TB", "垃圾桶", 0.40),
    SEWER_WELL("sewer_well", "SW", "窨井", 0.25),
    RAT_BAIT_STATION("rat_bait_station", "RB", "毒饵站", 0.20),
    STAGNANT_WATER("stagnant_water", "ST", "积水点", 0.15);

    private final String key;
    private final String codePrefix;
    private final String chineseName;
    private final double share;

    FeatureType(String key, String codePrefix, String chineseName, double share) {
        this.key = key;
        this.codePrefix = codePrefix;
        this.chineseName = chineseName;
        this.share = share;
    }

    /** The GeoJSON {@code type} value, e.g. {@code trash_bin}. */
    public String key() {
        return key;
    }

    /** Prefix of the feature code, e.g. {@code TB} in {@code TB-000123}. */
    public String codePrefix() {
        return codePrefix;
    }

    /** The Chinese word used in feature names, e.g. 垃圾桶. */
    public String chineseName() {
        return chineseName;
    }

    /** Expected fraction of generated features of this type (the four add up to 1). */
    public double share() {
        return share;
    }
}
