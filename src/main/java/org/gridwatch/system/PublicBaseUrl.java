package org.gridwatch.system;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Where clients reach the service, for the absolute links it writes (OGC API self/next/collection links,
 * the OpenAPI server URL). Taken from {@code gridwatch.public-base-url} when set: built from the request,
 * a link carries whatever Host header the caller sent, so a forged Host ends up in answers that caches or
 * other clients may keep (host-header poisoning). Unset, the request's own address is used, which is
 * right for a service reached directly.
 */
@Component
public class PublicBaseUrl {

    private final String configured;

    PublicBaseUrl(@Value("${gridwatch.public-base-url:}") String configured) {
        this.configured = normalise(configured);
    }

    /** The service's root, without a trailing slash ({@code https://gis.example.gov.cn/gridwatch}). */
    public String root(HttpServletRequest request) {
        return configured != null ? configured : ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
    }

    /** The absolute URL of the current request's path (no query). */
    public String requestPath(HttpServletRequest request) {
        return root(request) + request.getRequestURI().substring(request.getContextPath().length());
    }

    private static String normalise(String value) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        URI uri;
        try {
            uri = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gridwatch.public-base-url is not a URL: " + v, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalStateException("gridwatch.public-base-url must be an absolute http(s) address without "
                    + "query, such as https://gis.example.gov.cn/gridwatch; got " + v);
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }
}
