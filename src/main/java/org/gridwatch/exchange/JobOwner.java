package org.gridwatch.exchange;

import java.util.Locale;

import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who submitted an exchange job, captured in the submitting request: the authentication (name, roles;
 * the grid scope follows from the name), and the language the answers are in. The job runs as this
 * identity ({@link #runAs}), so the change history names the submitter, {@code GridAccess} scopes the
 * job's writes as it would the direct request's, and every message the job produces is in the
 * submitter's language.
 */
record JobOwner(Authentication authentication, Locale locale) {

    /** The current request's identity and language; a null authentication for the service itself. */
    static JobOwner current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth instanceof AnonymousAuthenticationToken) auth = null;
        return new JobOwner(auth, LocaleContextHolder.getLocale());
    }

    String name() {
        return authentication == null ? null : authentication.getName();
    }

    boolean admin() {
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
    }

    /** Whether the current request's user may see this job: its submitter, or an admin. */
    boolean visibleTo(JobOwner asker) {
        if (asker.authentication() == null || asker.admin()) return true;
        return asker.name().equals(name());
    }

    /** Runs {@code work} on this thread as the submitter, restoring the thread's previous state after. */
    void runAs(Runnable work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        LocaleContext previousLocale = LocaleContextHolder.getLocaleContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        LocaleContextHolder.setLocale(locale);
        try {
            work.run();
        } finally {
            if (previous.getAuthentication() == null) SecurityContextHolder.clearContext();
            else SecurityContextHolder.setContext(previous);
            LocaleContextHolder.setLocaleContext(previousLocale);
        }
    }
}
