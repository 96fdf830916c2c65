package io.jiet.scsi;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.assertInvalidFieldInCdb;
import static io.jiet.scsi.SenseAssertions.cdb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTableTest {

    private final List<String> ran = new ArrayList<>();

    private CommandTable table() {
        return CommandTable.builder()
                .add(SupportedCommand.of((r, c) -> ran("TUR"), 0x00, 0, 0, 0, 0, 0))
                .add(SupportedCommand.ofServiceAction(0x10, (r, c) -> ran("RC16"),
                        0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
                .build();
    }

    private ScsiResult ran(String what) {
        ran.add(what);
        return ScsiResult.good();
    }

    private ScsiResult dispatch(byte[] cdb) {
        try {
            return table().dispatch(new ScsiRequest(null, 0, cdb, ByteBuffer.allocate(0), 0));
        } catch (CheckCondition e) {
            return ScsiResult.checkCondition(e.sense());
        }
    }

    @Test
    void dispatchesByOperationCodeAndServiceAction() {
        dispatch(cdb(0x00, 0, 0, 0, 0, 0));
        byte[] rc16 = new byte[16];
        rc16[0] = (byte) 0x9E;
        rc16[1] = 0x10;
        dispatch(rc16);
        assertEquals(List.of("TUR", "RC16"), ran);
    }

    @Test
    void unknownOperationCodeIsInvalidCommandOperationCode() {
        assertCheckCondition(dispatch(cdb(0x01, 0, 0, 0, 0, 0)), 0x05, 0x20, 0x00);
        assertCheckCondition(dispatch(new byte[0]), 0x05, 0x20, 0x00);
    }

    @Test
    void unknownServiceActionPointsAtByteOne() {
        byte[] c = new byte[16];
        c[0] = (byte) 0x9E;
        c[1] = 0x11;
        assertInvalidFieldInCdb(dispatch(c), 1);
        assertEquals(List.of(), ran);
    }

    @Test
    void nacaAndShortCdbsAreRefusedBeforeTheHandler() {
        assertInvalidFieldInCdb(dispatch(cdb(0x00, 0, 0, 0, 0, 0x04)), 5);
        assertInvalidFieldInCdb(dispatch(cdb(0x00, 0, 0)), 0);
        assertEquals(List.of(), ran);
    }

    @Test
    void longerCdbsAreAccepted() {
        dispatch(new byte[16]);
        assertEquals(List.of("TUR"), ran);
    }

    @Test
    void anOperationCodeCannotBeRegisteredTwice() {
        CommandTable.Builder b = CommandTable.builder()
                .add(SupportedCommand.of((r, c) -> ScsiResult.good(), 0x00, 0, 0, 0, 0, 0))
                .add(SupportedCommand.of((r, c) -> ScsiResult.good(), 0x00, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, b::build);
    }

    @Test
    void usageDataMustNameItsCommand() {
        assertThrows(IllegalArgumentException.class,
                () -> SupportedCommand.ofServiceAction(0x10, (r, c) -> ScsiResult.good(), 0x9E, 0x11, 0, 0, 0, 0));
    }
}
