package org.gridwatch.ogcapi;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Cross-origin reads of {@code /ogcapi} (CORS), so that web map clients served from other origins (an OGC
 * API viewer, a district's own portal) can read the layers. Only reads, and no cookies: a page elsewhere
 * never rides on a signed-in user's session; a client that signs in sends its own Authorization header.
 * Spring Security answers the preflight before any sign-in is asked for ({@code .cors()} in SecurityConfig).
 * The rest of the service stays same-origin.
 */
@Configuration(proxyBeanMethods = false)
class OgcCorsConfig {

    /** The bean name Spring Security's {@code .cors()} looks up. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(
            @Value("${gridwatch.ogcapi.cors-allowed-origins:*}") List<String> allowedOrigins) {
        CorsConfiguration ogc = new CorsConfiguration();
        ogc.setAllowedOriginPatterns(allowedOrigins);
        ogc.setAllowedMethods(List.of("GET", "HEAD", "OPTIONS"));
        ogc.setAllowedHeaders(List.of("Accept", "Accept-Language", "Authorization", "Content-Type"));
        ogc.setExposedHeaders(List.of("Content-Crs", "Link"));
        ogc.setAllowCredentials(false);
        ogc.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/ogcapi", ogc);
        source.registerCorsConfiguration("/ogcapi/**", ogc);
        return source;
    }
}
