package io.jiet.alua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AluaModeAndStateTest {

    @Test
    void tpgsValuesAndInquiryBitsFollowTheConfigWords() {
        assertEquals(0x00, AluaMode.fromConfigName("off").orElseThrow().inquiryByte5Bits());
        assertEquals(0x10, AluaMode.fromConfigName("implicit").orElseThrow().inquiryByte5Bits());
        assertEquals(0x20, AluaMode.fromConfigName("Explicit").orElseThrow().inquiryByte5Bits());
        assertEquals(0x30, AluaMode.fromConfigName("both").orElseThrow().inquiryByte5Bits());
        assertTrue(AluaMode.BOTH.explicitTransitions() && AluaMode.BOTH.implicitTransitions());
        assertFalse(AluaMode.IMPLICIT.explicitTransitions());
        assertFalse(AluaMode.EXPLICIT.implicitTransitions());
        assertEquals(Optional.empty(), AluaMode.fromConfigName("yes"));
    }

    @Test
    void stateCodesAreSpc4AsymmetricAccessStates() {
        assertEquals(0x0, AluaState.fromConfigName("active-optimized").orElseThrow().code());
        assertEquals(0x1, AluaState.fromConfigName("active-nonoptimized").orElseThrow().code());
        assertEquals(0x2, AluaState.fromConfigName("standby").orElseThrow().code());
        assertEquals(0x3, AluaState.fromConfigName("UNAVAILABLE").orElseThrow().code());
        assertEquals(0xE, AluaState.fromConfigName("offline").orElseThrow().code());
        assertEquals(0xF, AluaState.fromConfigName("transitioning").orElseThrow().code());
        assertEquals(Optional.empty(), AluaState.fromCode(AluaState.LBA_DEPENDENT_CODE));
        assertEquals(Optional.empty(), AluaState.fromConfigName("active"));
        for (AluaState s : AluaState.values()) {
            assertEquals(s, AluaState.fromCode(s.code()).orElseThrow());
        }
    }

    @Test
    void supportBitsOfEveryStateAreCFh() {
        // T_SUP 80 | O_SUP 40 | U_SUP 08 | S_SUP 04 | AN_SUP 02 | AO_SUP 01; LBD_SUP (10) never set.
        assertEquals(0xCF, SupportedStates.ALL.descriptorByte());
        assertEquals(0x05, new SupportedStates(java.util.Set.of(AluaState.ACTIVE_OPTIMIZED, AluaState.STANDBY))
                .descriptorByte());
    }
}
