package org.gridwatch.system;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.gridwatch.account.SignInThrottledException;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;

import tools.jackson.databind.json.JsonMapper;

/**
 * The security filters' refusals, in the same problem+json shape and languages as {@link ProblemAdvice}
 * (the filters run before Spring MVC, so its advice never sees them): 401 for no identity, 403 for a
 * wrong role or a missing CSRF token. A page navigation without identity is sent to the login page
 * instead. The Basic challenge ({@code WWW-Authenticate}) goes only to scripts and GIS clients
 * ({@link #wantsBasicChallenge}). Too many failed sign-ins answer 429 with Retry-After.
 */
@Component
class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    static final String LOGIN_PAGE = "/login.html";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MessageSource messages;
    private final LocaleResolver locales;

    SecurityProblems(MessageSource messages, LocaleResolver locales) {
        this.messages = messages;
        this.locales = locales;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof SignInThrottledException throttled) {
            // Not a 401: the credentials were not even looked at, and a challenge would only invite the next guess.
            response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
            write(request, response, 429, "auth.throttled", "too many failed sign-ins; try again in {0} seconds",
                    throttled.retryAfterSeconds());
            return;
        }
        if (isPageNavigation(request)) {
            response.sendRedirect(request.getContextPath() + LOGIN_PAGE);
            return;
        }
        if (wantsBasicChallenge(request)) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"gridwatch\", charset=\"UTF-8\"");
        }
        if (e instanceof BadCredentialsException || e instanceof AccountStatusException) {
            // A disabled account answers like a wrong password: no stranger learns which names exist.
            write(request, response, 401, "auth.badCredentials", "wrong username or password");
        } else {
            write(request, response, 401, "auth.required", "sign in first (session or HTTP Basic)");
        }
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        if (e instanceof CsrfException) {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if ((auth == null || auth instanceof AnonymousAuthenticationToken) && request.getHeader("Authorization") == null) {
                // A write without identity (a script without credentials, a session that expired) is told
                // to sign in, not about a token it could not have had. One that sent credentials (Basic
                // next to a session, or from a cross-site page) is told about the token.
                commence(request, response, new org.springframework.security.authentication
                        .AuthenticationCredentialsNotFoundException("no identity"));
                return;
            }
            write(request, response, 403, "auth.csrf",
                    "the request lacks a valid CSRF token; reload the page (scripts: use HTTP Basic)");
            return;
        }
        write(request, response, 403, "access.role", "your role may not do this");
    }

    /** A browser asking for a page (not a script asking the API): worth a redirect to the login page. */
    static boolean isPageNavigation(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String accept = request.getHeader("Accept");
        return "GET".equals(request.getMethod()) && !path.startsWith("/api/") && accept != null
                && accept.contains("text/html");
    }

    /** The login page's own form, posted by a browser (which then shows a page, not JSON). */
    static boolean isFormPost(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }

    /** A URL the firewall refuses (an encoded ';', '%2F' or '..'): a 400 like any other bad request, not an HTML page. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        write(request, response, 400, "request.rejected", "the address holds characters that are not allowed");
    }

    /**
     * Whether a 401 carries the Basic challenge. Only for a client that does Basic: one that just sent
     * an Authorization header, or one that is plainly not a browser (no Sec-Fetch-* header, which every
     * current browser sends, no X-Requested-With from our pages, and an Accept that a page, an image or
     * a browser's catch-all would not send). A browser that got the challenge would show its own password
     * dialog, cache what was typed and send it with every later request to the host, cross-site forms
     * included. QGIS and GDAL ask for JSON or GeoJSON and send Basic preemptively once configured; Java's
     * HttpClient sends no Accept and waits for the challenge.
     */
    static boolean wantsBasicChallenge(HttpServletRequest request) {
        if (request.getHeader("Authorization") != null) return true;
        if (request.getHeader("X-Requested-With") != null || request.getHeader("Sec-Fetch-Mode") != null
                || request.getHeader("Sec-Fetch-Site") != null || request.getHeader("Sec-Fetch-Dest") != null) {
            return false;
        }
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) return true;
        String a = accept.toLowerCase(Locale.ROOT);
        return !(a.contains("text/html") || a.contains("image/") || a.contains("*/*") || a.contains("application/xhtml"));
    }

    private void write(HttpServletRequest request, HttpServletResponse response, int status, String key,
                       String english, Object... args) throws IOException {
        Locale locale = locales.resolveLocale(request);
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:gridwatch:problem:" + key);
        body.put("title", messages.getMessage("problem.title." + status, null,
                known == null ? "Error" : known.getReasonPhrase(), locale));
        body.put("status", status);
        body.put("detail", messages.getMessage(key, args.length == 0 ? null : args,
                args.length == 0 ? english : java.text.MessageFormat.format(english, args), locale));
        body.put("instance", request.getRequestURI());
        body.put("code", key);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
