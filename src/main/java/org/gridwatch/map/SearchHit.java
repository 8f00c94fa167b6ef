package org.gridwatch.map;

import java.util.List;

/**
 * One answer of the map's search box.
 *
 * @param kind {@code grid} or {@code feature}
 * @param id   the grid code or the feature id
 * @param name the grid's or feature's name
 * @param sub  the grid level ({@code large|small}) or the feature type key
 * @param bbox where it is, [minLon, minLat, maxLon, maxLat] (a point repeats its lon, lat)
 */
public record SearchHit(String kind, String id, String name, String sub, List<Double> bbox) {
}
