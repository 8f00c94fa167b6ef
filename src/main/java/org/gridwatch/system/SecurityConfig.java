package org.gridwatch.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.gridwatch.account.AccountRefreshFilter;
import org.gridwatch.account.RecentAccounts;
import org.gridwatch.account.SecuritySettings;
import org.gridwatch.account.SignInGuard;
import org.gridwatch.account.SignInThrottledException;
import org.gridwatch.account.SignedInHandler;
import org.gridwatch.map.MapSettings;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.HEAD;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

/**
 * Who may call what: every rule of the service, by method and path, in this one place. First match wins.
 *
 * <p>Roles (see {@code org.gridwatch.account}): ADMIN may do everything; PLANNER changes grids, feature
 * types, streets and imports; VECTOR_CONTROL changes features, inspections and patrols everywhere and
 * exports; GRID_WORKER changes features, inspections and patrols only inside its own small grids (the
 * grid is checked in the service layer by {@code GridAccess}, since only the service knows where an
 * object lies); VIEWER reads. Every signed-in role reads (GET, and the POSTs that only compute:
 * coverage and routes); with {@code gridwatch.security.public-read=true} so does anyone, except what
 * names or follows people ({@link #PEOPLE}; grids hide their responsible person, see PeopleFields).
 *
 * <p>Deny by default: anything not named here is readable (GET) by every signed-in role and writable
 * by ADMIN only, so a new endpoint is never open by accident; give it its rule here.
 * {@code SecurityRulesTest} walks every request mapping and checks that none answers without identity.
 *
 * <p>Identities: a session opened on the login page (cookie, writes need the CSRF token that
 * {@code GET /api/session} hands out) or HTTP Basic on each request (scripts, QGIS; no session, no
 * CSRF token). Basic skips CSRF only when it is the request's sole identity ({@link #basicWithoutSession}):
 * a browser that cached Basic credentials sends them with a cross-site form too, so a request that also
 * carries a session cookie, or that a browser marks as cross-site, needs the token. Every password
 * check goes through {@link SignInGuard} (throttling, logging, disabled = wrong password).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final String ADMIN = "ADMIN", PLANNER = "PLANNER", VECTOR_CONTROL = "VECTOR_CONTROL",
            GRID_WORKER = "GRID_WORKER", DISPATCHER = "DISPATCHER", HANDLER = "HANDLER";

    /** Open to everyone: what the login page itself needs, and the load balancer's health probe. */
    static final String[] PUBLIC = {"/login.html", "/login", "/api/session", "/css/**", "/js/**", "/i18n/**",
            "/webjars/**", "/favicon.ico", "/actuator/health", "/actuator/health/**", "/error"};

    /** Reads about people (inspectors' names, patrol tracks, photos): for signed-in callers only. */
    static final String[] PEOPLE = {"/api/patrols", "/api/patrols/**", "/api/patrol-log", "/api/patrol-log/**",
            "/api/inspections", "/api/inspections/**", "/api/cases", "/api/cases/**"};

    @Bean
    PasswordEncoder passwordEncoder() {
        // Stores "{bcrypt}..." today; the id prefix lets a later release switch algorithms and still
        // read the old hashes.
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    // Only a web application has requests to guard; benchmarks and commands run the services without a server.
    @Bean
    @ConditionalOnWebApplication
    SecurityFilterChain securityFilterChain(HttpSecurity http, SecurityProblems problems, RecentAccounts users,
                                            SecuritySettings settings, SignInGuard signIns,
                                            UserDetailsService accounts, MapSettings map) throws Exception {
        AuthorizationManager<RequestAuthorizationContext> read = settings.publicRead()
                ? SingleResultAuthorizationManager.permitAll() : AuthenticatedAuthorizationManager.authenticated();
        HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
        // Only a page is worth returning to after the login, never an API answer.
        requestCache.setRequestMatcher(SecurityProblems::isPageNavigation);

        http.authorizeHttpRequests(rules -> rules
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
                        .requestMatchers(PUBLIC).permitAll()
                        // accounts and administration
                        .requestMatchers("/api/users", "/api/users/**", "/api/admin/**", "/admin.html")
                        .hasRole(ADMIN)
                        // history: read by those who edit, restored by admins
                        .requestMatchers(GET, "/api/history", "/api/history/**")
                        .hasAnyRole(ADMIN, PLANNER, VECTOR_CONTROL)
                        .requestMatchers("/api/history", "/api/history/**").hasRole(ADMIN)
                        // people and where they walked: never public, even with public-read (issue 16, part 8)
                        .requestMatchers(GET, PEOPLE).authenticated()
                        .requestMatchers(HEAD, PEOPLE).authenticated()
                        .requestMatchers(PUT, "/api/density/thresholds").hasRole(ADMIN)
                        // data leaving the service in bulk
                        .requestMatchers(GET, "/api/export/**").hasAnyRole(ADMIN, PLANNER, VECTOR_CONTROL)
                        .requestMatchers("/api/exchange/jobs", "/api/exchange/jobs/**")
                        .hasAnyRole(ADMIN, PLANNER, VECTOR_CONTROL)
                        // reads, and the POSTs that only compute
                        .requestMatchers(POST, "/api/coverage", "/api/grids/coverage", "/api/routes", "/api/routes/**")
                        .access(read)
                        .requestMatchers(GET, "/**").access(read)
                        .requestMatchers(HEAD, "/**").access(read)
                        // planning: storing an edited proposal replaces many grids at once
                        .requestMatchers(POST, "/api/grids/proposals/apply").hasAnyRole(ADMIN, PLANNER)
                        // planning: grids (including split, merge, divide, clean, renumber), types, streets, imports
                        .requestMatchers("/api/grids", "/api/grids/**", "/api/feature-types", "/api/feature-types/**",
                                "/api/streets", "/api/streets/**", "/api/import/**")
                        .hasAnyRole(ADMIN, PLANNER)
                        // the case loop (issue 21): who may take which step is checked per case by the service
                        // (CaseWorkflow); here only who may write at all
                        .requestMatchers(POST, "/api/cases", "/api/cases/**")
                        .hasAnyRole(ADMIN, DISPATCHER, HANDLER, GRID_WORKER, VECTOR_CONTROL)
                        // field work: grid workers only inside their own grids (checked by GridAccess)
                        .requestMatchers("/api/features", "/api/features/**", "/api/inspections", "/api/inspections/**",
                                "/api/patrols", "/api/patrols/**", "/api/patrol-log", "/api/patrol-log/**")
                        .hasAnyRole(ADMIN, VECTOR_CONTROL, GRID_WORKER)
                        .anyRequest().hasRole(ADMIN))
                .formLogin(login -> login.loginPage(SecurityProblems.LOGIN_PAGE).loginProcessingUrl("/login")
                        .successHandler(new SignedInHandler(accounts, requestCache))
                        .failureHandler((request, response, e) -> {
                            // A throttled browser form goes back to the login page, which says how long to
                            // wait; a script posting the form gets the 429 itself. Any other failure reads
                            // the same (a disabled account is not told apart from a wrong password).
                            if (e instanceof SignInThrottledException t && !SecurityProblems.isFormPost(request)) {
                                problems.commence(request, response, e);
                                return;
                            }
                            response.sendRedirect(request.getContextPath() + SecurityProblems.LOGIN_PAGE
                                    + (e instanceof SignInThrottledException t
                                    ? "?error=throttled&retry=" + t.retryAfterSeconds() : "?error=credentials"));
                        }))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .logout(logout -> logout.logoutUrl("/logout")
                        .logoutSuccessUrl(SecurityProblems.LOGIN_PAGE + "?logout"))
                // CORS where a CorsConfigurationSource bean allows it (the OGC API, see ogcapi.OgcCorsConfig);
                // its preflight is answered before authorization.
                .cors(org.springframework.security.config.Customizer.withDefaults())
                .csrf(csrf -> csrf.ignoringRequestMatchers(SecurityConfig::basicWithoutSession))
                .requestCache(cache -> cache.requestCache(requestCache))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                // One manager with one provider and no parent: a refused or throttled attempt is never
                // handed to a second provider that would check the password after all.
                .authenticationManager(new ProviderManager(signIns))
                .addFilterBefore(new AccountRefreshFilter(users), AnonymousAuthenticationFilter.class)
                // On every response, pages, static files, API answers and errors alike (ContentSecurityPolicy).
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        ContentSecurityPolicy.header(map.tileUrl()))));
        return http.build();
    }

    /**
     * CSRF is skipped only for a request whose one identity is a well-formed Basic header: no live
     * session (cookie), and not marked cross-site by the browser (Sec-Fetch-Site). {@code Authorization: x}
     * next to a session cookie, or cached Basic credentials riding along with a cross-site form, still
     * need the token.
     */
    static boolean basicWithoutSession(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return false;
        try {
            String pair = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).trim()),
                    java.nio.charset.StandardCharsets.UTF_8);
            if (pair.indexOf(':') <= 0) return false;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        // A live session means a browser (the login page opens one): its cookie rides along with any cross-site form.
        // (A stale cookie carries no identity, so a script with an old cookie jar is not locked out.)
        if (request.getSession(false) != null) return false;
        String site = request.getHeader("Sec-Fetch-Site");
        return site == null || site.equals("same-origin") || site.equals("none");
    }
}
