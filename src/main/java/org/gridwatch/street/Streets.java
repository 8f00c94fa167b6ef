package org.gridwatch.street;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface Streets extends JpaRepository<Street, Long> {

    @Query(nativeQuery = true, value = """
            SELECT * FROM street
             WHERE geom && ST_MakeEnvelope(:minLon, :minLat, :maxLon, :maxLat, 4326)
             ORDER BY id""")
    List<Street> findInBox(@Param("minLon") double minLon, @Param("minLat") double minLat,
                           @Param("maxLon") double maxLon, @Param("maxLat") double maxLat);

    /** Changes whenever a street is added or removed (and, with versions, edited): the route network's cache key. */
    @Query(nativeQuery = true, value = "SELECT CAST(COUNT(*) AS VARCHAR) || ':' || CAST(COALESCE(MAX(id), 0) AS VARCHAR) || ':' || CAST(COALESCE(SUM(version), 0) AS VARCHAR) FROM street")
    String stamp();

    @Query("select s from Street s order by s.id")
    List<Street> findAllOrdered();
}
