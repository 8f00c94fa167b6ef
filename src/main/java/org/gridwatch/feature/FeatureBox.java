package org.gridwatch.feature;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.gridwatch.geo.PointTiles;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The SQL condition "the feature's point lies in this lon/lat box", for every query that reads
 * features by box. PostGIS answers {@code geom && box} from its GiST index, then compares the coordinates. The embedded H2 store has
 * no spatial index (its R-tree is not crash safe, see the H2 migration V87); there the condition also
 * names the point's tiles ({@link PointTiles}), which H2 looks up in the B-tree on
 * {@code feature.geom_tile}, and {@code geom && box} keeps the answer exact.
 */
@Component
public class FeatureBox {

    /** Above this many tiles a box is looked up as one range of whole tile columns. */
    static final int MAX_TILES = 1024;

    private final boolean tiled;

    @Autowired
    FeatureBox(DataSource dataSource) {
        this(isEmbedded(dataSource));
    }

    private FeatureBox(boolean tiled) {
        this.tiled = tiled;
    }

    /** For tests and tools that know the store: {@code tiled} for the embedded H2 store. */
    public static FeatureBox of(boolean tiled) {
        return new FeatureBox(tiled);
    }

    private static boolean isEmbedded(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return !c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database holds the features: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the box is looked up tile by tile on this store (the embedded store and a box of at most
     * {@link #MAX_TILES} tiles): then the tile index is the way in, whatever other condition a query adds.
     */
    public boolean fewTiles(double minLon, double minLat, double maxLon, double maxLat) {
        return tiled && PointTiles.cover(minLon, minLat, maxLon, maxLat, MAX_TILES).tiles() != null;
    }

    /**
     * The condition on the unqualified {@code geom} (and {@code geom_tile}) columns of feature, without a
     * leading AND; its parameters are appended to {@code args} in order.
     */
    public String condition(double minLon, double minLat, double maxLon, double maxLat, List<Object> args) {
        return condition(minLon, minLat, maxLon, maxLat, args, "geom_tile");
    }

    /**
     * As {@link #condition(double, double, double, double, List)} with the tiles looked up in {@code tileColumn}, a
     * column computed like {@code geom_tile} for the rows it indexes and null for the others (on H2, which has no
     * partial index, such a column stands in for one; e.g. the tiles of the open cases only).
     */
    public String condition(double minLon, double minLat, double maxLon, double maxLat, List<Object> args,
                            String tileColumn) {
        args.add(minLon);
        args.add(minLat);
        args.add(maxLon);
        args.add(maxLat);
        String exact = "geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)";
        if (!tiled) {
            // PostGIS's index boxes are single precision, so && also takes points a few centimetres outside
            // the box; the coordinates themselves decide (a point on the edge is in, as on H2).
            args.add(minLon);
            args.add(maxLon);
            args.add(minLat);
            args.add(maxLat);
            return exact + " AND ST_X(geom) BETWEEN ? AND ? AND ST_Y(geom) BETWEEN ? AND ?";
        }
        PointTiles.Cover cover = PointTiles.cover(minLon, minLat, maxLon, maxLat, MAX_TILES);
        if (cover.tiles() == null) {
            args.add(cover.from());
            args.add(cover.to());
            return exact + " AND " + tileColumn + " BETWEEN ? AND ?";
        }
        for (long t : cover.tiles()) args.add(t);
        return exact + " AND " + tileColumn + " IN (" + "?,".repeat(cover.tiles().length - 1) + "?)";
    }
}
