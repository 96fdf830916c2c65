package io.jiet.alua;

import java.util.List;

/**
 * One target port group as a snapshot: its id (the TARGET PORT GROUP field, also the iSCSI portal group tag of its
 * portals), its asymmetric access state, the PREF bit, the relative target port identifiers of its member ports and
 * the status code that says why it is in that state. Immutable.
 */
public record TargetPortGroup(int id, AluaState state, boolean preferred, List<Integer> relativeTargetPortIds,
                              StatusCode status) {

    public TargetPortGroup {
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException("target port group " + id + " is outside 0..65535");
        }
        relativeTargetPortIds = List.copyOf(relativeTargetPortIds);
        if (relativeTargetPortIds.size() > 0xFF) {
            throw new IllegalArgumentException("target port group " + id + " has more than 255 ports");
        }
        for (int port : relativeTargetPortIds) {
            // SPC-4 table "RELATIVE TARGET PORT IDENTIFIER field": 0 is reserved.
            if (port < 1 || port > 0xFFFF) {
                throw new IllegalArgumentException("relative target port " + port + " is outside 1..65535");
            }
        }
    }

    TargetPortGroup withState(AluaState newState, StatusCode newStatus) {
        return new TargetPortGroup(id, newState, preferred, relativeTargetPortIds, newStatus);
    }
}
