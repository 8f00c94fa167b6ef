package org.gridwatch.system;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The default {@link CurrentActor}: the request's remote user (container or security login); outside a
 * request the identity installed on the thread (a background job runs as its submitter); else "system".
 */
@Configuration(proxyBeanMethods = false)
class ActorConfig {

    static final String SYSTEM = "system";

    @Bean
    CurrentActor requestActor() {
        return () -> {
            RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
            if (attributes instanceof ServletRequestAttributes servlet) {
                HttpServletRequest request = servlet.getRequest();
                String user = request.getRemoteUser();
                if (user != null && !user.isBlank()) return user;
            }
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && !(auth instanceof AnonymousAuthenticationToken) && auth.isAuthenticated()
                    && auth.getName() != null && !auth.getName().isBlank()) {
                return auth.getName();
            }
            return SYSTEM;
        };
    }
}
