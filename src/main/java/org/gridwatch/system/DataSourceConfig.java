package org.gridwatch.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.util.StringUtils;

/**
 * The embedded default store: an H2GIS file database in the data directory. H2 refuses relative
 * paths that do not start with "./", so the directory is made absolute here rather than in the URL.
 * An explicit {@code spring.datasource.url} still wins. The PostGIS profile uses Boot's own data source.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!postgis")
class DataSourceConfig {

    @Bean
    DataSource dataSource(@Value("${gridwatch.data-dir}") String dataDir,
                          @Value("${spring.datasource.url:}") String explicitUrl) {
        String url = explicitUrl;
        if (!StringUtils.hasText(url)) {
            Path dir = Path.of(dataDir).toAbsolutePath().normalize();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create data directory " + dir, e);
            }
            // A 64 MB page cache (H2 defaults to 16 MB) keeps the R-tree and feature pages of a
            // whole city in memory; bulk loads and viewport queries both depend on it.
            url = "jdbc:h2:file:" + dir.resolve("gridwatch") + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=65536";
        }
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername("sa");
        ds.setPassword("");
        ds.setMaximumPoolSize(8);
        ds.setPoolName("gridwatch-h2");
        return ds;
    }
}
