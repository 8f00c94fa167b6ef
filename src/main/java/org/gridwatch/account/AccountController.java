package org.gridwatch.account;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AccountController {

    private final AccountService service;
    private final GridAccess access;
    private final SecuritySettings settings;
    private final RecentAccounts recent;

    AccountController(AccountService service, GridAccess access, SecuritySettings settings, RecentAccounts recent) {
        this.service = service;
        this.access = access;
        this.settings = settings;
        this.recent = recent;
    }

    /** Who is signed in, and the CSRF token the page sends with its writes. Open to everyone: the login page needs it. */
    @GetMapping("/api/session")
    Map<String, Object> session(HttpServletRequest request, Authentication auth) {
        Map<String, Object> body = new LinkedHashMap<>();
        Set<Role> roles = access.currentRoles();
        // Spring MVC passes no Authentication for an anonymous caller.
        boolean signedIn = auth != null && auth.isAuthenticated();
        body.put("authenticated", signedIn);
        body.put("username", signedIn ? auth.getName() : null);
        body.put("roles", roles.stream().map(Role::key).sorted().toList());
        body.put("gridCodes", signedIn && roles.contains(Role.GRID_WORKER) ? List.copyOf(service.gridCodes(auth.getName()))
                : List.of());
        body.put("publicRead", settings.publicRead());
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        if (csrf != null) {
            body.put("csrf", Map.of("headerName", csrf.getHeaderName(), "parameterName", csrf.getParameterName(),
                    "token", csrf.getToken()));
        }
        return body;
    }

    @GetMapping("/api/users")
    List<AccountView> list() {
        return service.list();
    }

    @GetMapping("/api/users/{username}")
    AccountView get(@PathVariable String username) {
        return service.get(username);
    }

    @PostMapping("/api/users")
    ResponseEntity<AccountView> create(@RequestBody AccountDraft draft) {
        AccountView created = service.create(draft);
        return ResponseEntity.created(URI.create("/api/users/" + URLEncoder.encode(created.username(),
                StandardCharsets.UTF_8))).body(created);
    }

    @PutMapping("/api/users/{username}")
    AccountView update(@PathVariable String username, @RequestBody AccountDraft draft, Authentication auth,
                       HttpServletRequest request) {
        AccountView updated = service.update(username, draft, auth == null ? null : auth.getName());
        if (draft.password() != null && auth != null && username.equals(auth.getName())) {
            // Setting a password ends the account's other sessions, not the one that set it.
            AccountRefreshFilter.stamp(request.getSession(false), recent.find(username));
        }
        return updated;
    }

    @DeleteMapping("/api/users/{username}")
    ResponseEntity<Void> delete(@PathVariable String username, Authentication auth) {
        service.delete(username, auth == null ? null : auth.getName());
        return ResponseEntity.noContent().build();
    }
}
