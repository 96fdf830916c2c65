package io.jiet.alua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SetTargetPortGroupsTest {

    private static final HexFormat HEX = HexFormat.of();
    private final List<AccessStateChange> seen = new ArrayList<>();

    private TargetPortGroups issueExample(AluaMode mode) {
        TargetPortGroups groups = TargetPortGroups.builder().mode(mode)
                .group(1, AluaState.ACTIVE_OPTIMIZED, true, List.of(1))
                .group(2, AluaState.ACTIVE_NONOPTIMIZED, false, List.of(2))
                .build();
        groups.addListener(seen::add);
        return groups;
    }

    private static SetTargetPortGroupsOutcome.Refused refused(SetTargetPortGroupsOutcome outcome) {
        return assertInstanceOf(SetTargetPortGroupsOutcome.Refused.class, outcome);
    }

    @Test
    void swapOptimizedGroupLikeSgStpg() {
        TargetPortGroups groups = issueExample(AluaMode.BOTH);
        // header (4 reserved bytes), then: group 2 -> active/optimized, group 1 -> active/non-optimized
        byte[] list = HEX.parseHex("00000000" + "00000002" + "01000001");
        SetTargetPortGroupsOutcome.Applied applied = assertInstanceOf(SetTargetPortGroupsOutcome.Applied.class,
                groups.setTargetPortGroups(list, "initiator-a|port-2"));
        assertTrue(applied.settled().isDone());
        assertEquals(2, applied.changes().size());
        assertEquals(AluaState.ACTIVE_OPTIMIZED, groups.stateOfPort(2));
        assertEquals(AluaState.ACTIVE_NONOPTIMIZED, groups.stateOfPort(1));
        assertEquals(applied.changes(), seen);
        for (TargetPortGroup g : groups.groups()) {
            assertEquals(StatusCode.ALTERED_BY_SET_TARGET_PORT_GROUPS, g.status());
        }
        // RTPG now reports status code 01h on both descriptors and the PREF bit unchanged on group 1.
        assertEquals("00000018" + "81cf0001" + "00010001" + "00000001" + "00cf0002" + "00010001" + "00000002",
                HEX.formatHex(groups.reportTargetPortGroups(ReportTargetPortGroups.Format.LENGTH_ONLY)));
        ChangeCause cause = seen.getFirst().cause();
        assertFalse(cause.unitAttentionFor("initiator-a|port-2"), "the sender's I_T nexus gets no 2A/06");
        assertTrue(cause.unitAttentionFor("initiator-a|port-1"));
        assertTrue(cause.unitAttentionFor("initiator-b|port-2"));
    }

    @ParameterizedTest
    @ValueSource(ints = {AluaState.LBA_DEPENDENT_CODE, 0xE, 0xF, 0x5, 0x9})
    void statesThatCannotBeRequestedAreInvalidFieldInParameterList(int stateCode) {
        TargetPortGroups groups = issueExample(AluaMode.BOTH);
        byte[] list = SetTargetPortGroupsParameters.encode(List.of(
                new SetTargetPortGroupsParameters.Descriptor(0x2, 2, 0),
                new SetTargetPortGroupsParameters.Descriptor(stateCode, 1, 0)));
        SetTargetPortGroupsOutcome.Refused r = refused(groups.setTargetPortGroups(list, "n"));
        assertEquals(new SenseCode(0x5, 0x26, 0x00), r.sense());
        assertEquals(Optional.of(new FieldPointer(8, 3)), r.field(), "second descriptor's state field");
        assertEquals(AluaState.ACTIVE_NONOPTIMIZED, groups.stateOfPort(2), "nothing applied when one is invalid");
        assertTrue(seen.isEmpty());
    }

    @Test
    void unknownGroupIsInvalidFieldInParameterList() {
        TargetPortGroups groups = issueExample(AluaMode.BOTH);
        SetTargetPortGroupsOutcome.Refused r = refused(groups.setTargetPortGroups(
                HEX.parseHex("00000000" + "00000003"), "n"));
        assertEquals(SenseCode.INVALID_FIELD_IN_PARAMETER_LIST, r.sense());
        assertEquals(Optional.of(new FieldPointer(6, 7)), r.field());
    }

    @Test
    void lengthsThatAreNotWholeDescriptorsAreParameterListLengthErrors() {
        TargetPortGroups groups = issueExample(AluaMode.BOTH);
        for (String hex : List.of("00", "000000", "0000000000", "00000000000000")) {
            assertEquals(SenseCode.PARAMETER_LIST_LENGTH_ERROR,
                    refused(groups.setTargetPortGroups(HEX.parseHex(hex), "n")).sense(), hex);
        }
        SetTargetPortGroupsOutcome.Applied nothing = assertInstanceOf(SetTargetPortGroupsOutcome.Applied.class,
                groups.setTargetPortGroups(new byte[0], "n"));
        assertTrue(nothing.changes().isEmpty());
        SetTargetPortGroupsOutcome.Applied headerOnly = assertInstanceOf(SetTargetPortGroupsOutcome.Applied.class,
                groups.setTargetPortGroups(new byte[4], "n"));
        assertTrue(headerOnly.changes().isEmpty());
    }

    @Test
    void implicitOnlyTargetsDoNotServeTheCommand() {
        TargetPortGroups groups = issueExample(AluaMode.IMPLICIT);
        assertEquals(SenseCode.INVALID_COMMAND_OPERATION_CODE,
                refused(groups.setTargetPortGroups(HEX.parseHex("00000000" + "00000002"), "n")).sense());
    }

    @Test
    void requestingTheCurrentStateChangesNothing() {
        TargetPortGroups groups = issueExample(AluaMode.EXPLICIT);
        SetTargetPortGroupsOutcome.Applied applied = assertInstanceOf(SetTargetPortGroupsOutcome.Applied.class,
                groups.setTargetPortGroups(HEX.parseHex("00000000" + "00000001"), "n"));
        assertTrue(applied.changes().isEmpty());
        assertEquals(StatusCode.NO_STATUS, groups.group(1).orElseThrow().status());
    }

    @Test
    void cdbParameterListLength() {
        byte[] cdb = {(byte) 0xA4, 0x0A, 0, 0, 0, 0, 0, 0, 0x01, 0x08, 0, 0};
        assertEquals(0x108, SetTargetPortGroupsParameters.parameterListLength(cdb));
    }
}
