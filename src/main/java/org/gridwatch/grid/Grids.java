package org.gridwatch.grid;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** The stored grids. Spatial candidate searches go through the bounding-box operator, so PostGIS uses its
 *  spatial index; the embedded H2 store has none (not crash safe, migration V87) and scans the grids. */
interface Grids extends JpaRepository<Grid, Long> {

    Optional<Grid> findByCode(String code);

    boolean existsByCode(String code);

    @Query("select g from Grid g where g.parentCode = :parent order by g.code")
    List<Grid> findChildren(@Param("parent") String parentCode);

    @Query(nativeQuery = true, value = """
            SELECT * FROM grid
             WHERE geom && ST_MakeEnvelope(:minLon, :minLat, :maxLon, :maxLat, 4326)
               AND (CAST(:level AS VARCHAR(8)) IS NULL OR level = :level)
               AND (CAST(:parent AS VARCHAR(64)) IS NULL OR parent_code = :parent)
             ORDER BY code""")
    List<Grid> findInBox(@Param("minLon") double minLon, @Param("minLat") double minLat,
                         @Param("maxLon") double maxLon, @Param("maxLat") double maxLat,
                         @Param("level") String level, @Param("parent") String parentCode);

    @Query("select g from Grid g where (:level is null or g.level = :level) "
            + "and (:parent is null or g.parentCode = :parent) order by g.code")
    List<Grid> findFiltered(@Param("level") String level, @Param("parent") String parentCode);

    @Query(nativeQuery = true, value = """
            SELECT code FROM grid
             WHERE level = 'small'
               AND geom && ST_MakeEnvelope(:lon, :lat, :lon, :lat, 4326)
               AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326))
             ORDER BY code""")
    List<String> findSmallGridCodesAt(@Param("lon") double lon, @Param("lat") double lat);

    /** {@link #findSmallGridCodesAt}'s first grid with its parent code: code, parent_code (PostGIS, by its index). */
    @Query(nativeQuery = true, value = """
            SELECT code, parent_code FROM grid
             WHERE level = 'small'
               AND geom && ST_MakeEnvelope(:lon, :lat, :lon, :lat, 4326)
               AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326))
             ORDER BY code LIMIT 1""")
    List<Object[]> findSmallGridAt(@Param("lon") double lon, @Param("lat") double lat);

    /** A grid's parent code alone: no polygon read or parsed (a case report names its small grid's large grid). */
    @Query("select g.parentCode from Grid g where g.code = :code")
    Optional<String> findParentCode(@Param("code") String code);

    long countByLevel(String level);

    @Query("select new org.gridwatch.grid.GridName(g.code, g.name, g.parentCode) from Grid g where g.level = :level "
            + "order by g.code")
    List<GridName> findNames(@Param("level") String level);

    /** Puts a grid back under its old id (a restore from the change history); the rules were checked before. */
    @Modifying
    @Query(nativeQuery = true, value = """
            INSERT INTO grid (id, code, name, level, parent_code, responsible_person, phone, geom, area_m2,
                              created_at, updated_at, version)
            VALUES (:id, :code, :name, :level, :parent, :person, :phone, ST_GeomFromText(:wkt, 4326), :areaM2,
                    :createdAt, :updatedAt, :version)""")
    void insertWithId(@Param("id") long id, @Param("code") String code, @Param("name") String name,
                      @Param("level") String level, @Param("parent") String parentCode,
                      @Param("person") String responsiblePerson, @Param("phone") String phone,
                      @Param("wkt") String wkt, @Param("areaM2") double areaM2,
                      @Param("createdAt") OffsetDateTime createdAt, @Param("updatedAt") OffsetDateTime updatedAt,
                      @Param("version") long version);
}
