package org.gridwatch.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.gridwatch.cases.CaseAction.*;
import static org.gridwatch.cases.CaseStatus.*;

/**
 * The case loop's state machine: one table of transitions (from, action, to, who), and the answers
 * "may this caller do this now" and "what may this caller do now". Plain Java, no Spring; immutable
 * and thread-safe.
 *
 * <p>Who is a {@link Party}: the caller's relation to this one case, which the service works out from
 * the account (roles, department, linked grids) and the case (its department and small grid). An
 * admin counts as every party.
 *
 * <p>The extension actions also look at one more bit of state: whether an extension request is
 * pending. A handler may ask while none is pending; a dispatcher grants or refuses only a pending one.
 * Every other transition ignores it (handling clears a pending request).
 */
public final class CaseWorkflow {

    /** The caller's relation to a case. */
    public enum Party {
        /** A dispatcher (受理/派遣), or an admin. */
        DISPATCHER,
        /** A handler of the department the case is dispatched to. */
        HANDLER,
        /** The grid worker responsible for the case's small grid. */
        VERIFIER
    }

    /** Whether a transition needs a pending extension request, none, or does not care. */
    public enum Guard { ANY, NO_PENDING_EXTENSION, PENDING_EXTENSION }

    /** One row of the table. */
    public record Transition(CaseStatus from, CaseAction action, CaseStatus to, Party party, Guard guard) {

        boolean applies(CaseStatus status, boolean extensionPending) {
            return from == status && switch (guard) {
                case ANY -> true;
                case NO_PENDING_EXTENSION -> !extensionPending;
                case PENDING_EXTENSION -> extensionPending;
            };
        }
    }

    /** Why a request was refused, or that it was allowed. */
    public enum Verdict { ALLOWED, WRONG_STATE, WRONG_PARTY }

    /** The answer to "may I": the verdict and, when the state allows the action, its transition. */
    public record Decision(Verdict verdict, Transition transition) {
        public boolean allowed() {
            return verdict == Verdict.ALLOWED;
        }
    }

    /** Every transition of the loop. A (from, action) pair appears at most once. */
    public static final List<Transition> TABLE = List.of(
            new Transition(REPORTED, REGISTER, REGISTERED, Party.DISPATCHER, Guard.ANY),
            new Transition(REPORTED, REJECT, REJECTED, Party.DISPATCHER, Guard.ANY),
            new Transition(REPORTED, MERGE, MERGED, Party.DISPATCHER, Guard.ANY),
            new Transition(REGISTERED, DISPATCH, DISPATCHED, Party.DISPATCHER, Guard.ANY),
            new Transition(DISPATCHED, HANDLE, HANDLED, Party.HANDLER, Guard.ANY),
            new Transition(DISPATCHED, RETURN, REGISTERED, Party.HANDLER, Guard.ANY),
            new Transition(DISPATCHED, REQUEST_EXTENSION, DISPATCHED, Party.HANDLER, Guard.NO_PENDING_EXTENSION),
            new Transition(DISPATCHED, GRANT_EXTENSION, DISPATCHED, Party.DISPATCHER, Guard.PENDING_EXTENSION),
            new Transition(DISPATCHED, REFUSE_EXTENSION, DISPATCHED, Party.DISPATCHER, Guard.PENDING_EXTENSION),
            new Transition(HANDLED, VERIFY, VERIFIED, Party.VERIFIER, Guard.ANY),
            new Transition(HANDLED, REWORK, DISPATCHED, Party.VERIFIER, Guard.ANY),
            new Transition(VERIFIED, CLOSE, CLOSED, Party.DISPATCHER, Guard.ANY));

    private CaseWorkflow() {
    }

    /** The transition {@code action} takes from this state, whoever asks; empty when the state does not allow it. */
    public static Optional<Transition> transition(CaseStatus status, boolean extensionPending, CaseAction action) {
        return TABLE.stream().filter(t -> t.action() == action && t.applies(status, extensionPending)).findFirst();
    }

    /**
     * Whether {@code parties} may take {@code action} now. The state is checked first: an action the
     * state does not allow is {@link Verdict#WRONG_STATE} whoever asks (a 409); one the state allows
     * but the caller may not take is {@link Verdict#WRONG_PARTY} (a 403).
     */
    public static Decision decide(CaseStatus status, boolean extensionPending, CaseAction action, Set<Party> parties) {
        Optional<Transition> t = transition(status, extensionPending, action);
        if (t.isEmpty()) return new Decision(Verdict.WRONG_STATE, null);
        return new Decision(parties.contains(t.get().party()) ? Verdict.ALLOWED : Verdict.WRONG_PARTY, t.get());
    }

    /** The actions {@code parties} may take now, in table order; empty for a terminal status. */
    public static List<CaseAction> allowedActions(CaseStatus status, boolean extensionPending, Set<Party> parties) {
        List<CaseAction> actions = new ArrayList<>();
        for (Transition t : TABLE) {
            if (t.applies(status, extensionPending) && parties.contains(t.party())) actions.add(t.action());
        }
        return actions;
    }
}
