package io.jiet.alua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SET TARGET PORT GROUPS making one group active/optimized demotes the other optimized groups it does not name. */
class StpgDemotionTest {

    private static TargetPortGroups groups() {
        return TargetPortGroups.builder().mode(AluaMode.BOTH)
                .group(1, AluaState.ACTIVE_OPTIMIZED, true, List.of(1))
                .group(2, AluaState.ACTIVE_NONOPTIMIZED, false, List.of(2))
                .group(3, AluaState.STANDBY, false, List.of(3)).build();
    }

    @Test
    void optimizingOneGroupLeavesItTheOnlyOptimizedOne() {
        TargetPortGroups g = groups();
        // What Linux scsi_dh_alua sends when dm-multipath activates a path of group 2.
        var outcome = g.setTargetPortGroups(new byte[] {0, 0, 0, 0, 0x00, 0, 0, 2}, "host|port2");
        assertInstanceOf(SetTargetPortGroupsOutcome.Applied.class, outcome);
        assertEquals(AluaState.ACTIVE_NONOPTIMIZED, g.group(1).orElseThrow().state());
        assertEquals(AluaState.ACTIVE_OPTIMIZED, g.group(2).orElseThrow().state());
        assertEquals(AluaState.STANDBY, g.group(3).orElseThrow().state(), "non-optimized groups are left alone");
        assertEquals(StatusCode.ALTERED_BY_SET_TARGET_PORT_GROUPS, g.group(1).orElseThrow().status());
    }

    @Test
    void groupsNamedInTheListKeepTheRequestedState() {
        TargetPortGroups g = groups();
        g.setTargetPortGroups(new byte[] {0, 0, 0, 0, 0x00, 0, 0, 2, 0x00, 0, 0, 1}, "host|port2");
        assertEquals(AluaState.ACTIVE_OPTIMIZED, g.group(1).orElseThrow().state());
        assertEquals(AluaState.ACTIVE_OPTIMIZED, g.group(2).orElseThrow().state());
    }

    @Test
    void otherStatesDoNotDemote() {
        TargetPortGroups g = groups();
        g.setTargetPortGroups(new byte[] {0, 0, 0, 0, 0x02, 0, 0, 2}, "host|port2");
        assertEquals(AluaState.ACTIVE_OPTIMIZED, g.group(1).orElseThrow().state());
        assertEquals(AluaState.STANDBY, g.group(2).orElseThrow().state());
    }
}
