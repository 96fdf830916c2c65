package io.jiet.alua.rdac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jiet.alua.AluaState;
import io.jiet.alua.ChangeCause;
import io.jiet.alua.SenseCode;
import io.jiet.alua.TargetPortGroups;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RdacPersonalityTest {

    private static final byte[] READ_10 = {0x28, 0, 0, 0, 0, 0, 0, 0, 8, 0};
    private static final byte[] WRITE_16 = {(byte) 0x8A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0};
    private static final byte[] INQUIRY = {0x12, 1, (byte) 0xC9, 0, (byte) 0xFF, 0};
    private static final byte[] TEST_UNIT_READY = {0, 0, 0, 0, 0, 0};

    private final TargetPortGroups groups = TargetPortGroups.builder()
            .group(1, AluaState.ACTIVE_OPTIMIZED, true, List.of(1))
            .group(2, AluaState.ACTIVE_NONOPTIMIZED, false, List.of(2))
            .build();
    private final RdacVolume lun1 = RdacVolume.fromScsiId(1, "array0002");

    private RdacPersonality personality(boolean ioShipping) {
        return new RdacPersonality(RdacArray.forTarget("iqn.2026-11.io.jiet:array", 255), groups,
                new RdacOwnership(1, Set.of(1, 2), ioShipping));
    }

    private static byte[] page(RdacPersonality p, int code, RdacVolume v, int group) {
        return p.vpdPage(code, v, group).orElseThrow();
    }

    @Test
    void eachGroupIsOneControllerOfTheSameArray() {
        RdacPersonality p = personality(false);
        assertEquals(0, HostReaders.kernelControllerIndex(page(p, 0xC4, lun1, 1)));
        assertEquals(1, HostReaders.kernelControllerIndex(page(p, 0xC4, lun1, 2)));
        assertArrayEquals(page(p, 0xC8, lun1, 1), page(p, 0xC8, lun1, 2), "C8 identical on every portal");
        assertArrayEquals(page(p, 0xC2, lun1, 1), page(p, 0xC2, lun1, 2));
        assertEquals(Optional.empty(), p.vpdPage(0x83, lun1, 1));
    }

    @Test
    void plainRdacOwnerServesMediaAccessTheOtherControllerRefusesIt() {
        RdacPersonality p = personality(false);
        assertEquals(6, HostReaders.rdacPrio(page(p, 0xC9, lun1, 1)));
        assertEquals(1, HostReaders.rdacPrio(page(p, 0xC9, lun1, 2)));
        assertEquals(HostReaders.PathState.UP, HostReaders.rdacChecker(page(p, 0xC9, lun1, 1)));
        assertEquals(HostReaders.PathState.GHOST, HostReaders.rdacChecker(page(p, 0xC9, lun1, 2)));
        assertEquals(Optional.empty(), p.checkMediaAccess(1, 1, READ_10));
        assertEquals(Optional.of(new SenseCode(0x5, 0x94, 0x01)), p.checkMediaAccess(1, 2, READ_10));
        assertEquals(Optional.of(SenseCode.RDAC_NOT_OWNER), p.checkMediaAccess(1, 2, WRITE_16));
        assertEquals(Optional.empty(), p.checkMediaAccess(1, 2, INQUIRY));
        assertEquals(Optional.empty(), p.checkMediaAccess(1, 2, TEST_UNIT_READY));
    }

    @Test
    void modeSelectThroughTheOtherControllerMovesOwnershipThere() {
        RdacPersonality p = personality(false);
        RdacPersonality.ModeSelectResult.Transferred t = assertInstanceOf(
                RdacPersonality.ModeSelectResult.Transferred.class,
                p.modeSelect(HostReaders.kernelFailoverParameterList(true, 1), true, 2));
        assertEquals(List.of(new RdacOwnership.Transfer(1, 1, 2)), t.transfers());
        assertEquals(Optional.empty(), p.checkMediaAccess(1, 2, READ_10));
        assertEquals(Optional.of(SenseCode.RDAC_NOT_OWNER), p.checkMediaAccess(1, 1, READ_10));
        assertEquals(Optional.empty(), p.checkMediaAccess(0, 1, READ_10), "LUN 0 stays with group 1");
        byte[] c9 = page(p, 0xC9, lun1, 2);
        assertEquals("RDAC owned", HostReaders.kernelMode(c9), "owned but still not the preferred path");
        assertEquals(2 + 1, HostReaders.rdacPrio(c9));
        assertEquals(0x81, p.redundantControllerPage(RedundantControllerPage.Shape.EXPANDED, 2)[42 + 1] & 0xFF);
        assertEquals(0, p.redundantControllerPage(RedundantControllerPage.Shape.EXPANDED, 1)[42 + 1]);
        // asking again moves nothing
        assertEquals(List.of(), assertInstanceOf(RdacPersonality.ModeSelectResult.Transferred.class,
                p.modeSelect(HostReaders.kernelFailoverParameterList(true, 1), true, 2)).transfers());
        assertInstanceOf(RdacPersonality.ModeSelectResult.Refused.class,
                p.modeSelect(java.util.Arrays.copyOf(HostReaders.kernelFailoverParameterList(true, 1), 50), true, 2));
    }

    @Test
    void ioShippingServesMediaAccessEverywhere() {
        RdacPersonality p = personality(true);
        assertEquals(Optional.empty(), p.checkMediaAccess(1, 2, READ_10));
        byte[] c9 = page(p, 0xC9, lun1, 2);
        assertEquals(0x30, c9[8] & 0xFF);
        assertEquals(AluaState.ACTIVE_NONOPTIMIZED.code(), c9[10]);
        assertEquals(HostReaders.PathState.UP, HostReaders.rdacChecker(c9));
    }

    @Test
    void aFaultedGroupIsReportedAsSuchInC9() {
        RdacPersonality p = personality(false);
        groups.changeState(1, AluaState.UNAVAILABLE, new ChangeCause.Administrative("pull controller A"));
        byte[] viaA = page(p, 0xC9, lun1, 1);
        byte[] viaB = page(p, 0xC9, lun1, 2);
        assertEquals(HostReaders.PathState.DOWN, HostReaders.rdacChecker(viaA));
        assertEquals(AluaState.UNAVAILABLE.code(), viaB[12], "the alternate controller's state");
    }

    @Test
    void ownershipRejectsUnknownGroups() {
        assertThrows(IllegalArgumentException.class, () -> new RdacOwnership(3, Set.of(1, 2), false));
        RdacOwnership o = new RdacOwnership(1, Set.of(1, 2), false);
        assertThrows(IllegalArgumentException.class, () -> o.transfer(0, 3));
        assertEquals(1, o.owner(17));
    }
}
