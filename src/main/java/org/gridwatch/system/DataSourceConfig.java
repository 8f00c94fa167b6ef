package org.gridwatch.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.util.StringUtils;

/**
 * The embedded default store: an H2GIS file database in the data directory. H2 refuses relative
 * paths that do not start with "./", so the directory is made absolute here rather than in the URL.
 * An explicit {@code spring.datasource.url} still wins (add {@code WRITE_DELAY=0} to it: see
 * {@link EmbeddedStoreWrites}). The PostGIS profile uses Boot's own data source and transaction manager.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!postgis")
class DataSourceConfig {

    @Bean
    DataSource dataSource(@Value("${gridwatch.data-dir}") String dataDir,
                          @Value("${spring.datasource.url:}") String explicitUrl,
                          @Value("${gridwatch.h2-cache-mb:256}") int cacheMb) {
        String url = explicitUrl;
        if (!StringUtils.hasText(url)) {
            Path dir = Path.of(dataDir).toAbsolutePath().normalize();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create data directory " + dir, e);
            }
            // H2 defaults to a 16 MB page cache; viewport queries over a city of a million features
            // went from ~110 ms to ~20 ms (p50, raw SQL) once its pages fit. The cache fills lazily.
            // WRITE_DELAY=0: no background writer; EmbeddedStoreWrites stores the file between
            // transactions instead, which is what keeps a killed process's transactions whole.
            // QUERY_CACHE_SIZE=64 (default 8 per connection): H2 answers a cached query again from its last
            // result while its tables are unchanged, and each case report asks the small grids' stamp
            // (SmallGridLookup), a scan of 20,000 grids; among a report's dozen statements the stamp fell out
            // of a cache of 8 and was scanned again, p95 230-270 ms under load (about 2-9 ms with 64).
            url = "jdbc:h2:file:" + dir.resolve("gridwatch") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64;"
                    + "CACHE_SIZE=" + cacheMb * 1024;
        }
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername("sa");
        ds.setPassword("");
        ds.setMaximumPoolSize(8);
        ds.setPoolName("gridwatch-h2");
        return ds;
    }

    /** Write transactions one at a time, each stored to the file before it is acknowledged (see the class). */
    @Bean(destroyMethod = "stop")
    EmbeddedStoreWrites transactionManager(EntityManagerFactory entityManagerFactory, DataSource dataSource) {
        return new EmbeddedStoreWrites(entityManagerFactory, dataSource);
    }
}
