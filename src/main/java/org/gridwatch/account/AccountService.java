package org.gridwatch.account;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridsRenamed;
import org.gridwatch.grid.GridView;
import org.gridwatch.system.ApiProblem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, changes and removes accounts. Every write is one transaction. */
@Service
public class AccountService {

    /** Letters (any script), digits, '.', '_', '-', '@'; what a login form and a Basic header carry safely. */
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._@-]{2,64}");
    private final PasswordPolicy policy = PasswordPolicy.standard();

    private final Accounts accounts;
    private final GridService grids;
    private final PasswordEncoder encoder;
    private final ApplicationEventPublisher events;
    private final Clock clock = Clock.systemUTC();

    AccountService(Accounts accounts, GridService grids, PasswordEncoder encoder, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.events = events;
        this.grids = grids;
        this.encoder = encoder;
    }

    @Transactional(readOnly = true)
    public List<AccountView> list() {
        return accounts.all().stream().map(Account::view).toList();
    }

    @Transactional(readOnly = true)
    public AccountView get(String username) {
        return load(username).view();
    }

    @Transactional(readOnly = true)
    public boolean isEmpty() {
        return accounts.count() == 0;
    }

    @Transactional
    public AccountView create(AccountDraft draft) {
        String username = draft.username() == null ? null : draft.username().trim();
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ApiProblem.badRequest("account.username.invalid",
                    "username must be 2-64 letters, digits or . _ - @", String.valueOf(draft.username()));
        }
        if (accounts.find(username).isPresent()) {
            throw ApiProblem.conflict("account.username.taken", "account " + username + " already exists", username);
        }
        checkPassword(username, draft.password());
        Set<Role> roles = roles(draft.roles());
        Set<String> gridCodes = gridCodes(draft.gridCodes(), roles);
        String department = department(draft.department(), roles);
        Instant now = Instant.now(clock);
        Account account = new Account(username, encoder.encode(draft.password()),
                draft.enabled() == null || draft.enabled(), roles, gridCodes, department, now, now);
        accounts.insert(account);
        return account.view();
    }

    /**
     * Changes what the draft carries (null members keep their value).
     *
     * @param actingUsername who asks: an admin may not disable or demote themself, so the service
     *                       always keeps an enabled admin who can undo mistakes
     */
    @Transactional
    public AccountView update(String username, AccountDraft draft, String actingUsername) {
        Account old = load(username);
        if (draft.username() != null && !draft.username().trim().equals(username)) {
            throw ApiProblem.badRequest("account.username.rename", "a username cannot be changed", username);
        }
        String hash = old.passwordHash();
        if (draft.password() != null) {
            checkPassword(username, draft.password());
            hash = encoder.encode(draft.password());
        }
        Set<Role> roles = draft.roles() == null ? old.roles() : roles(draft.roles());
        Set<String> gridCodes = draft.gridCodes() == null
                ? (roles.contains(Role.GRID_WORKER) ? old.gridCodes() : Set.of())
                : gridCodes(draft.gridCodes(), roles);
        String department = department(draft.department() == null && roles.contains(Role.HANDLER)
                ? old.department() : draft.department(), roles);
        boolean enabled = draft.enabled() == null ? old.enabled() : draft.enabled();
        boolean staysAdmin = enabled && roles.contains(Role.ADMIN);
        if (old.enabled() && old.roles().contains(Role.ADMIN) && !staysAdmin) {
            if (username.equals(actingUsername)) {
                throw ApiProblem.conflict("account.self", "you cannot disable or demote your own account", username);
            }
            keepOneAdmin(username);
        }
        Account updated = new Account(username, hash, enabled, roles, gridCodes, department, old.createdAt(),
                Instant.now(clock));
        accounts.update(updated);
        events.publishEvent(new AccountChanged(username));
        return updated.view();
    }

    @Transactional
    public void delete(String username, String actingUsername) {
        Account old = load(username);
        if (username.equals(actingUsername)) {
            throw ApiProblem.conflict("account.self", "you cannot delete your own account", username);
        }
        if (old.enabled() && old.roles().contains(Role.ADMIN)) {
            keepOneAdmin(username);
        }
        accounts.delete(username);
        events.publishEvent(new AccountChanged(username));
    }

    /**
     * Stores the first admin when there is no account at all; does nothing otherwise.
     *
     * @return true when it was created
     */
    @Transactional
    public boolean createFirstAdmin(String username, String password) {
        if (accounts.count() > 0) {
            return false;
        }
        Instant now = Instant.now(clock);
        accounts.insert(new Account(username, encoder.encode(password), true, EnumSet.of(Role.ADMIN), Set.of(), null, now,
                now));
        return true;
    }

    /** The small grids linked to the account (empty for an unknown user). */
    @Transactional(readOnly = true)
    public Set<String> gridCodes(String username) {
        return accounts.gridCodes(username);
    }

    /** The department of the account (a handler's), or null; null for an unknown user. */
    @Transactional(readOnly = true)
    public String department(String username) {
        return accounts.department(username);
    }

    /** A handler must name an existing department; other roles name none. */
    private String department(String code, Set<Role> roles) {
        String department = code == null || code.isBlank() ? null : code.trim();
        if (!roles.contains(Role.HANDLER)) {
            if (department != null) {
                throw ApiProblem.badRequest("account.department.notHandler",
                        "a department is linked only to handler accounts");
            }
            return null;
        }
        if (department == null) {
            throw ApiProblem.badRequest("account.department.required", "a handler account needs a department");
        }
        if (!accounts.departmentExists(department)) {
            throw ApiProblem.badRequest("account.department.unknown", "there is no department " + department, department);
        }
        return department;
    }

    private void keepOneAdmin(String username) {
        if (accounts.enabledAdminsOtherThan(username) == 0) {
            throw ApiProblem.conflict("account.lastAdmin",
                    "account " + username + " is the last enabled admin; make another admin first", username);
        }
    }

    private Account load(String username) {
        return accounts.find(username).orElseThrow(() -> ApiProblem.notFound("account.notFound",
                "no account named " + username, username));
    }

    private void checkPassword(String username, String password) {
        policy.check(username, password).ifPresent(refusal -> {
            throw ApiProblem.badRequest(refusal.code(), refusal.english(), refusal.args());
        });
    }

    /** Why the configured first admin password may not be used, or null when it may. */
    String refusal(String username, String password) {
        return policy.check(username, password).map(PasswordPolicy.Refusal::english).orElse(null);
    }

    private static Set<Role> roles(List<String> keys) {
        if (keys == null || keys.isEmpty()) {
            throw ApiProblem.badRequest("account.roles.required",
                    "an account needs at least one role: admin, planner, vector_control, grid_worker, viewer, dispatcher or handler");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String key : keys) {
            roles.add(Role.ofKey(key == null ? "" : key.trim()).orElseThrow(() -> ApiProblem.badRequest(
                    "account.role.unknown",
                    "unknown role '" + key + "'; roles: admin, planner, vector_control, grid_worker, viewer, dispatcher, handler",
                    String.valueOf(key))));
        }
        return roles;
    }

    private Set<String> gridCodes(List<String> codes, Set<Role> roles) {
        if (codes == null || codes.isEmpty()) {
            return Set.of();
        }
        if (!roles.contains(Role.GRID_WORKER)) {
            throw ApiProblem.badRequest("account.gridCodes.notWorker",
                    "gridCodes are linked only to grid_worker accounts");
        }
        Set<String> linked = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String raw : codes) {
            String code = raw == null ? "" : raw.trim();
            boolean small = grids.find(code).map(GridView::level).filter(GridLevel.SMALL::equals).isPresent();
            if (small) {
                linked.add(code);
            } else {
                unknown.add(String.valueOf(raw));
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiProblem.badRequest("account.gridCodes.unknown",
                    "these are not small grids: " + String.join(", ", unknown), String.join(", ", unknown))
                    .with("unknownGridCodes", unknown);
        }
        return Set.copyOf(linked);
    }

    /** A grid worker stays linked to a grid that was renumbered or merged into a new code. */
    @EventListener
    void on(GridsRenamed renamed) {
        accounts.renameGridLinks(renamed.newCodeByOld());
    }
}
