package io.jiet.alua;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which states the device server supports for a target port group: byte 1 of the target port group descriptor
 * (SPC-4 §6.37, table "Target port group descriptor format"): T_SUP bit 7, O_SUP bit 6, LBD_SUP bit 4, U_SUP bit 3,
 * S_SUP bit 2, AN_SUP bit 1, AO_SUP bit 0. jiet never reports LBD_SUP.
 */
public record SupportedStates(Set<AluaState> states) {

    /** Every state jiet implements: the byte is CFh. */
    public static final SupportedStates ALL = new SupportedStates(EnumSet.allOf(AluaState.class));

    public SupportedStates {
        states = Set.copyOf(states);
    }

    public boolean supports(AluaState state) {
        return states.contains(state);
    }

    /** The support bits as they appear in byte 1 of a target port group descriptor. */
    public int descriptorByte() {
        int b = 0;
        for (AluaState s : states) {
            b |= switch (s) {
                case TRANSITIONING -> 0x80;
                case OFFLINE -> 0x40;
                case UNAVAILABLE -> 0x08;
                case STANDBY -> 0x04;
                case ACTIVE_NONOPTIMIZED -> 0x02;
                case ACTIVE_OPTIMIZED -> 0x01;
            };
        }
        return b;
    }
}
