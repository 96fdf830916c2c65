package io.jiet.alua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TargetPortGroupsTest {

    private final ManualScheduler timer = new ManualScheduler();
    private final List<AccessStateChange> seen = new ArrayList<>();

    private TargetPortGroups twoGroups(Duration transition, boolean implicitFailover) {
        TargetPortGroups groups = TargetPortGroups.builder().mode(AluaMode.BOTH).transitionTime(transition)
                .implicitFailover(implicitFailover).scheduler(timer)
                .group(1, AluaState.ACTIVE_OPTIMIZED, true, List.of(1, 3))
                .group(2, AluaState.ACTIVE_NONOPTIMIZED, false, List.of(2, 4))
                .build();
        groups.addListener(seen::add);
        return groups;
    }

    @Test
    void withoutTransitionTimeAChangeIsImmediateAndSettled() {
        TargetPortGroups groups = twoGroups(Duration.ZERO, false);
        CompletableFuture<Void> done = groups.changeState(2, AluaState.STANDBY, new ChangeCause.Administrative("test"));
        assertTrue(done.isDone());
        assertEquals(AluaState.STANDBY, groups.stateOfPort(4));
        assertEquals(List.of(new AccessStateChange(2, AluaState.ACTIVE_NONOPTIMIZED, AluaState.STANDBY,
                new ChangeCause.Administrative("test"), true)), seen);
        assertEquals(StatusCode.ALTERED_BY_IMPLICIT_BEHAVIOR, groups.group(2).orElseThrow().status());
        assertTrue(seen.getFirst().cause().unitAttentionFor("anyone"), "admin changes reach every I_T nexus");
        assertEquals(0, timer.scheduled.size());
    }

    @Test
    void transitionTimePassesThroughTransitioning() {
        TargetPortGroups groups = twoGroups(Duration.ofMillis(2500), false);
        assertEquals(3, groups.implicitTransitionTimeSeconds(), "rounded up to whole seconds");
        CompletableFuture<Void> done = groups.changeState(1, AluaState.STANDBY, new ChangeCause.Administrative("a"));
        assertFalse(done.isDone());
        assertEquals(AluaState.TRANSITIONING, groups.stateOfPort(1));
        assertEquals(Optional.of(SenseCode.ASYMMETRIC_ACCESS_STATE_TRANSITION),
                groups.accessCheck(3, new byte[] {0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0}));
        assertEquals(Duration.ofMillis(2500), timer.scheduled.getFirst().delay());
        assertEquals(1, timer.runDue());
        assertTrue(done.isDone());
        assertEquals(AluaState.STANDBY, groups.stateOfPort(1));
        assertEquals(List.of(AluaState.TRANSITIONING, AluaState.STANDBY), seen.stream().map(AccessStateChange::to).toList());
        assertEquals(List.of(false, true), seen.stream().map(AccessStateChange::settled).toList());
    }

    @Test
    void aNewerRequestReplacesAPendingTransition() {
        TargetPortGroups groups = twoGroups(Duration.ofSeconds(1), false);
        CompletableFuture<Void> first = groups.changeState(1, AluaState.STANDBY, new ChangeCause.Administrative("a"));
        CompletableFuture<Void> second = groups.changeState(1, AluaState.UNAVAILABLE, new ChangeCause.Administrative("b"));
        assertTrue(first.isDone(), "the superseded request is finished, not left hanging");
        assertEquals(1, timer.runDue(), "the first timer was cancelled");
        assertTrue(second.isDone());
        assertEquals(AluaState.UNAVAILABLE, groups.stateOfPort(1));
        // transitioning is entered once, then the second target is reached
        assertEquals(List.of(AluaState.TRANSITIONING, AluaState.UNAVAILABLE),
                seen.stream().map(AccessStateChange::to).toList());
    }

    @Test
    void stpgWithTransitionTimeReportsTransitioningUntilSettled() {
        TargetPortGroups groups = twoGroups(Duration.ofSeconds(2), false);
        SetTargetPortGroupsOutcome.Applied applied = assertInstanceOf(SetTargetPortGroupsOutcome.Applied.class,
                groups.setTargetPortGroups(new byte[] {0, 0, 0, 0, 0, 0, 0, 2}, "n"));
        assertFalse(applied.settled().isDone());
        byte[] rtpg = groups.reportTargetPortGroups(ReportTargetPortGroups.Format.EXTENDED);
        assertEquals(2, rtpg[5], "implicit transition time");
        assertEquals(0x0F, rtpg[8 + 16] & 0x0F, "group 2 (after group 1 with two ports) is transitioning");
        assertEquals(0x01, rtpg[8 + 16 + 5], "status: altered by SET TARGET PORT GROUPS");
        timer.runDue();
        assertTrue(applied.settled().isDone());
        assertEquals(AluaState.ACTIVE_OPTIMIZED, groups.stateOfPort(2));
    }

    @Test
    void implicitFailoverWhenEveryPortalOfTheOptimizedGroupIsDownAndBack() {
        TargetPortGroups groups = twoGroups(Duration.ZERO, true);
        groups.portalDown(1);
        assertEquals(AluaState.ACTIVE_OPTIMIZED, groups.stateOfPort(1), "port 3 of group 1 still serves");
        assertTrue(seen.isEmpty());
        groups.portalDown(3);
        assertEquals(AluaState.UNAVAILABLE, groups.stateOfPort(1));
        assertEquals(AluaState.ACTIVE_OPTIMIZED, groups.stateOfPort(2));
        assertEquals(StatusCode.ALTERED_BY_IMPLICIT_BEHAVIOR, groups.group(2).orElseThrow().status());
        assertInstanceOf(ChangeCause.Implicit.class, seen.getFirst().cause());
        groups.portalUp(3);
        assertEquals(AluaState.ACTIVE_OPTIMIZED, groups.stateOfPort(1));
        assertEquals(AluaState.ACTIVE_NONOPTIMIZED, groups.stateOfPort(2));
        assertEquals(4, seen.size());
        assertEquals(java.util.Set.of(1), groups.downPorts());
    }

    @Test
    void anAdministrativeChangeCancelsTheFailback() {
        TargetPortGroups groups = twoGroups(Duration.ZERO, true);
        groups.portalDown(1);
        groups.portalDown(3);
        groups.changeState(2, AluaState.ACTIVE_NONOPTIMIZED, new ChangeCause.Administrative("operator"));
        groups.portalUp(1);
        assertEquals(AluaState.UNAVAILABLE, groups.stateOfPort(1), "no implicit failback over an operator's choice");
    }

    @Test
    void noFailoverWithoutTheOptionOrWithoutAHealthySuccessor() {
        TargetPortGroups plain = twoGroups(Duration.ZERO, false);
        plain.portalDown(1);
        plain.portalDown(3);
        assertEquals(AluaState.ACTIVE_OPTIMIZED, plain.stateOfPort(1));
        seen.clear();
        TargetPortGroups failing = twoGroups(Duration.ZERO, true);
        failing.portalDown(2);
        failing.portalDown(4);
        failing.portalDown(1);
        failing.portalDown(3);
        assertEquals(AluaState.ACTIVE_OPTIMIZED, failing.stateOfPort(1), "every portal is down: nothing to move to");
        assertTrue(seen.isEmpty());
    }

    @Test
    void builderRejectsInconsistentConfigurations() {
        assertThrows(IllegalArgumentException.class, () -> TargetPortGroups.builder()
                .group(1, AluaState.ACTIVE_OPTIMIZED, false, List.of(1))
                .group(2, AluaState.STANDBY, false, List.of(1)).build());
        assertThrows(IllegalArgumentException.class, () -> TargetPortGroups.builder()
                .group(1, AluaState.ACTIVE_OPTIMIZED, false, List.of(1))
                .group(1, AluaState.STANDBY, false, List.of(2)).build());
        assertThrows(IllegalStateException.class, () -> TargetPortGroups.builder().mode(AluaMode.OFF)
                .group(1, AluaState.ACTIVE_OPTIMIZED, false, List.of(1)).build());
        assertThrows(IllegalStateException.class, () -> TargetPortGroups.builder().mode(AluaMode.EXPLICIT)
                .implicitFailover(true).group(1, AluaState.ACTIVE_OPTIMIZED, false, List.of(1)).build());
        assertThrows(IllegalArgumentException.class, () -> TargetPortGroups.builder()
                .group(1, AluaState.ACTIVE_OPTIMIZED, false, List.of(0)).build(), "relative port 0 is reserved");
        assertThrows(IllegalArgumentException.class, () -> TargetPortGroups.builder().build());
        assertThrows(IllegalArgumentException.class,
                () -> TargetPortGroups.builder().transitionTime(Duration.ofSeconds(256)));
    }

    @Test
    void portsAndGroupsAreLookedUp() {
        TargetPortGroups groups = twoGroups(Duration.ZERO, false);
        assertEquals(2, groups.groupOfPort(4).orElseThrow().id());
        assertEquals(Optional.empty(), groups.groupOfPort(9));
        assertThrows(IllegalArgumentException.class, () -> groups.stateOfPort(9));
        assertThrows(IllegalArgumentException.class, () -> groups.portalDown(9));
        assertThrows(IllegalArgumentException.class,
                () -> groups.changeState(5, AluaState.STANDBY, new ChangeCause.Administrative("x")));
        assertEquals(List.of(1, 2), groups.groups().stream().map(TargetPortGroup::id).toList());
    }

    @Test
    void concurrentChangesAndReadsStayConsistent() throws Exception {
        TargetPortGroups groups = twoGroups(Duration.ZERO, false);
        List<AluaState> cycle = List.of(AluaState.STANDBY, AluaState.UNAVAILABLE, AluaState.ACTIVE_OPTIMIZED,
                AluaState.ACTIVE_NONOPTIMIZED);
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 2000; i++) {
                groups.changeState(1 + i % 2, cycle.get(i % cycle.size()), new ChangeCause.Administrative("w"));
            }
        });
        for (int i = 0; i < 2000; i++) {
            byte[] data = groups.reportTargetPortGroups(ReportTargetPortGroups.Format.LENGTH_ONLY);
            assertEquals(4 + 2 * (8 + 2 * 4), data.length);
        }
        writer.join();
        // every change was reported once, in order: replaying them from the start gives the final states
        AluaState g1 = AluaState.ACTIVE_OPTIMIZED;
        AluaState g2 = AluaState.ACTIVE_NONOPTIMIZED;
        for (AccessStateChange c : seen) {
            if (c.groupId() == 1) {
                assertEquals(g1, c.from());
                g1 = c.to();
            } else {
                assertEquals(g2, c.from());
                g2 = c.to();
            }
        }
        assertEquals(g1, groups.stateOfPort(1));
        assertEquals(g2, groups.stateOfPort(2));
    }
}
