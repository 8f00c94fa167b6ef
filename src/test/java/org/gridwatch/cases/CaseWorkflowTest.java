package org.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gridwatch.cases.CaseWorkflow.Decision;
import org.gridwatch.cases.CaseWorkflow.Party;
import org.gridwatch.cases.CaseWorkflow.Verdict;
import org.junit.jupiter.api.Test;

import static org.gridwatch.cases.CaseAction.*;
import static org.gridwatch.cases.CaseStatus.*;

/** Every pair of status and action, for every party and both extension states, against the expected table. */
class CaseWorkflowTest {

    private record Key(CaseStatus from, CaseAction action, boolean pending) {
    }

    private record Expected(CaseStatus to, Party party) {
    }

    /** The loop as docs/cases.md draws it, written out independently of CaseWorkflow.TABLE. */
    private static Map<Key, Expected> expected() {
        Map<Key, Expected> m = new HashMap<>();
        for (boolean pending : new boolean[]{false, true}) {
            m.put(new Key(REPORTED, REGISTER, pending), new Expected(REGISTERED, Party.DISPATCHER));
            m.put(new Key(REPORTED, REJECT, pending), new Expected(REJECTED, Party.DISPATCHER));
            m.put(new Key(REPORTED, MERGE, pending), new Expected(MERGED, Party.DISPATCHER));
            m.put(new Key(REGISTERED, DISPATCH, pending), new Expected(DISPATCHED, Party.DISPATCHER));
            m.put(new Key(DISPATCHED, HANDLE, pending), new Expected(HANDLED, Party.HANDLER));
            m.put(new Key(DISPATCHED, RETURN, pending), new Expected(REGISTERED, Party.HANDLER));
            m.put(new Key(HANDLED, VERIFY, pending), new Expected(VERIFIED, Party.VERIFIER));
            m.put(new Key(HANDLED, REWORK, pending), new Expected(DISPATCHED, Party.VERIFIER));
            m.put(new Key(VERIFIED, CLOSE, pending), new Expected(CLOSED, Party.DISPATCHER));
        }
        m.put(new Key(DISPATCHED, REQUEST_EXTENSION, false), new Expected(DISPATCHED, Party.HANDLER));
        m.put(new Key(DISPATCHED, GRANT_EXTENSION, true), new Expected(DISPATCHED, Party.DISPATCHER));
        m.put(new Key(DISPATCHED, REFUSE_EXTENSION, true), new Expected(DISPATCHED, Party.DISPATCHER));
        return m;
    }

    private static List<Set<Party>> partySets() {
        return List.of(Set.of(), Set.of(Party.DISPATCHER), Set.of(Party.HANDLER), Set.of(Party.VERIFIER),
                EnumSet.of(Party.HANDLER, Party.VERIFIER), EnumSet.allOf(Party.class));
    }

    @Test
    void everyStatusActionAndPartyAgainstTheExpectedTable() {
        Map<Key, Expected> expected = expected();
        int allowed = 0, wrongState = 0, wrongParty = 0;
        for (CaseStatus status : CaseStatus.values()) {
            for (boolean pending : new boolean[]{false, true}) {
                for (CaseAction action : CaseAction.values()) {
                    Expected e = expected.get(new Key(status, action, pending));
                    for (Set<Party> parties : partySets()) {
                        Decision d = CaseWorkflow.decide(status, pending, action, parties);
                        String what = status + " " + action + " pending=" + pending + " by " + parties;
                        if (e == null) {
                            assertThat(d.verdict()).as(what).isEqualTo(Verdict.WRONG_STATE);
                            assertThat(d.transition()).as(what).isNull();
                            wrongState++;
                        } else if (parties.contains(e.party())) {
                            assertThat(d.verdict()).as(what).isEqualTo(Verdict.ALLOWED);
                            assertThat(d.transition().to()).as(what).isEqualTo(e.to());
                            allowed++;
                        } else {
                            assertThat(d.verdict()).as(what).isEqualTo(Verdict.WRONG_PARTY);
                            assertThat(d.transition().to()).as(what).isEqualTo(e.to());
                            wrongParty++;
                        }
                    }
                }
            }
        }
        // 8 statuses x 2 x 12 actions x 6 party sets.
        assertThat(allowed + wrongState + wrongParty).isEqualTo(8 * 2 * 12 * 6);
        assertThat(allowed).isPositive();
        assertThat(wrongParty).isPositive();
    }

    @Test
    void terminalStatusesAllowNothing() {
        for (CaseStatus s : List.of(CLOSED, REJECTED, MERGED)) {
            assertThat(s.terminal()).isTrue();
            assertThat(CaseWorkflow.allowedActions(s, false, EnumSet.allOf(Party.class))).as(s.key()).isEmpty();
        }
    }

    @Test
    void allowedActionsPerPartyAndState() {
        assertThat(CaseWorkflow.allowedActions(REPORTED, false, Set.of(Party.DISPATCHER)))
                .containsExactly(REGISTER, REJECT, MERGE);
        assertThat(CaseWorkflow.allowedActions(REPORTED, false, Set.of(Party.HANDLER))).isEmpty();
        assertThat(CaseWorkflow.allowedActions(DISPATCHED, false, Set.of(Party.HANDLER)))
                .containsExactly(HANDLE, RETURN, REQUEST_EXTENSION);
        assertThat(CaseWorkflow.allowedActions(DISPATCHED, true, Set.of(Party.HANDLER)))
                .containsExactly(HANDLE, RETURN);
        assertThat(CaseWorkflow.allowedActions(DISPATCHED, true, Set.of(Party.DISPATCHER)))
                .containsExactly(GRANT_EXTENSION, REFUSE_EXTENSION);
        assertThat(CaseWorkflow.allowedActions(DISPATCHED, false, Set.of(Party.DISPATCHER))).isEmpty();
        assertThat(CaseWorkflow.allowedActions(HANDLED, false, Set.of(Party.VERIFIER))).containsExactly(VERIFY, REWORK);
        assertThat(CaseWorkflow.allowedActions(VERIFIED, false, Set.of(Party.DISPATCHER))).containsExactly(CLOSE);
    }

    @Test
    void keysRoundTrip() {
        for (CaseStatus s : CaseStatus.values()) assertThat(CaseStatus.ofKey(s.key())).contains(s);
        for (CaseAction a : CaseAction.values()) assertThat(CaseAction.ofKey(a.key())).contains(a);
        for (CaseSource s : CaseSource.values()) assertThat(CaseSource.ofKey(s.key())).contains(s);
        assertThat(CaseAction.ofKey("request_extension")).contains(REQUEST_EXTENSION);
        assertThat(CaseStatus.ofKey("Closed")).isEmpty();
    }

    @Test
    void eachStatusAndActionAppearsAtMostOncePerGuardState() {
        for (CaseStatus s : CaseStatus.values()) {
            for (boolean pending : new boolean[]{false, true}) {
                for (CaseAction a : CaseAction.values()) {
                    long n = CaseWorkflow.TABLE.stream().filter(t -> t.action() == a && t.from() == s
                            && CaseWorkflow.transition(s, pending, a).isPresent()).count();
                    assertThat(n).isLessThanOrEqualTo(1);
                }
            }
        }
    }
}
