package io.jiet.alua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessGateTest {

    private static final SenseCode OK = null;

    /** Commands by name, as CDB prefixes (opcode, byte 1). */
    private static final Map<String, byte[]> CDB = Map.ofEntries(
            Map.entry("TEST UNIT READY", cdb(0x00, 0)),
            Map.entry("REQUEST SENSE", cdb(0x03, 0)),
            Map.entry("INQUIRY", cdb(0x12, 0)),
            Map.entry("MODE SELECT(6)", cdb(0x15, 0x10)),
            Map.entry("MODE SENSE(10)", cdb(0x5A, 0)),
            Map.entry("LOG SENSE", cdb(0x4D, 0)),
            Map.entry("SEND DIAGNOSTIC", cdb(0x1D, 0)),
            Map.entry("READ CAPACITY(10)", cdb(0x25, 0)),
            Map.entry("READ CAPACITY(16)", cdb(0x9E, 0x10)),
            Map.entry("READ(10)", cdb(0x28, 0)),
            Map.entry("WRITE(16)", cdb(0x8A, 0)),
            Map.entry("REPORT LUNS", cdb(0xA0, 0)),
            Map.entry("REPORT TARGET PORT GROUPS", cdb(0xA3, 0x0A)),
            Map.entry("REPORT SUPPORTED OPERATION CODES", cdb(0xA3, 0x0C)),
            Map.entry("SET TARGET PORT GROUPS", cdb(0xA4, 0x0A)),
            Map.entry("PERSISTENT RESERVE OUT", cdb(0x5F, 0x01)),
            Map.entry("READ BUFFER echo", cdb(0x3C, 0x0A)),
            Map.entry("READ BUFFER data", cdb(0x3C, 0x02)),
            Map.entry("WRITE BUFFER echo", cdb(0x3B, 0x0A)),
            Map.entry("WRITE BUFFER microcode", cdb(0x3B, 0x05)));

    private static byte[] cdb(int opcode, int byte1) {
        byte[] c = new byte[16];
        c[0] = (byte) opcode;
        c[1] = (byte) byte1;
        return c;
    }

    static Stream<Arguments> table() {
        SenseCode sb = SenseCode.TARGET_PORT_IN_STANDBY_STATE;
        SenseCode un = SenseCode.TARGET_PORT_IN_UNAVAILABLE_STATE;
        SenseCode tr = SenseCode.ASYMMETRIC_ACCESS_STATE_TRANSITION;
        SenseCode of = SenseCode.LOGICAL_UNIT_NOT_READY_OFFLINE;
        //               command                               standby unavail transit offline
        return Stream.of(
                row("TEST UNIT READY",                           sb,    un,    tr,    of),
                row("REQUEST SENSE",                             OK,    OK,    OK,    OK),
                row("INQUIRY",                                   OK,    OK,    OK,    OK),
                row("REPORT LUNS",                               OK,    OK,    OK,    OK),
                row("MODE SELECT(6)",                            OK,    un,    tr,    of),
                row("MODE SENSE(10)",                            OK,    un,    tr,    of),
                row("LOG SENSE",                                 OK,    un,    tr,    of),
                row("SEND DIAGNOSTIC",                           OK,    un,    tr,    of),
                row("READ CAPACITY(10)",                         OK,    un,    tr,    of),
                row("READ CAPACITY(16)",                         OK,    un,    tr,    of),
                row("READ(10)",                                  sb,    un,    tr,    of),
                row("WRITE(16)",                                 sb,    un,    tr,    of),
                row("REPORT TARGET PORT GROUPS",                 OK,    OK,    OK,    of),
                row("REPORT SUPPORTED OPERATION CODES",          sb,    un,    tr,    of),
                row("SET TARGET PORT GROUPS",                    OK,    OK,    tr,    of),
                row("PERSISTENT RESERVE OUT",                    OK,    un,    tr,    of),
                row("READ BUFFER echo",                          OK,    OK,    OK,    of),
                row("READ BUFFER data",                          sb,    un,    tr,    of),
                row("WRITE BUFFER echo",                         OK,    OK,    OK,    of),
                row("WRITE BUFFER microcode",                    sb,    un,    tr,    of));
    }

    private static Arguments row(String command, SenseCode standby, SenseCode unavailable, SenseCode transitioning,
                                 SenseCode offline) {
        return Arguments.of(command, standby, unavailable, transitioning, offline);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void spc4TableOfCommandsPerState(String command, SenseCode standby, SenseCode unavailable,
                                     SenseCode transitioning, SenseCode offline) {
        byte[] cdb = CDB.get(command);
        AccessGate gate = AccessGate.STANDARD;
        assertEquals(Optional.empty(), gate.check(AluaState.ACTIVE_OPTIMIZED, cdb));
        assertEquals(Optional.empty(), gate.check(AluaState.ACTIVE_NONOPTIMIZED, cdb));
        assertEquals(Optional.ofNullable(standby), gate.check(AluaState.STANDBY, cdb), "standby");
        assertEquals(Optional.ofNullable(unavailable), gate.check(AluaState.UNAVAILABLE, cdb), "unavailable");
        assertEquals(Optional.ofNullable(transitioning), gate.check(AluaState.TRANSITIONING, cdb), "transitioning");
        assertEquals(Optional.ofNullable(offline), gate.check(AluaState.OFFLINE, cdb), "offline");
    }

    @Test
    void strictSpc4RefusesReadCapacityInStandby() {
        assertEquals(Optional.of(SenseCode.TARGET_PORT_IN_STANDBY_STATE),
                AccessGate.SPC4.check(AluaState.STANDBY, CDB.get("READ CAPACITY(10)")));
        assertEquals(Optional.of(SenseCode.TARGET_PORT_IN_STANDBY_STATE),
                AccessGate.SPC4.check(AluaState.STANDBY, CDB.get("READ CAPACITY(16)")));
        assertEquals(Optional.empty(), AccessGate.SPC4.check(AluaState.STANDBY, CDB.get("MODE SENSE(10)")));
    }

    @Test
    void senseBytesAreNotReadyWithAsc04() {
        assertEquals("02/04/0B", SenseCode.TARGET_PORT_IN_STANDBY_STATE.toString());
        assertEquals("02/04/0C", SenseCode.TARGET_PORT_IN_UNAVAILABLE_STATE.toString());
        assertEquals("02/04/0A", SenseCode.ASYMMETRIC_ACCESS_STATE_TRANSITION.toString());
        assertEquals("02/04/12", SenseCode.LOGICAL_UNIT_NOT_READY_OFFLINE.toString());
        assertThrows(IllegalArgumentException.class, () -> AccessGate.refusal(AluaState.ACTIVE_OPTIMIZED));
    }
}
