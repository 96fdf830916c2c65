package io.jiet.alua.rdac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jiet.alua.FieldPointer;
import io.jiet.alua.SenseCode;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedundantControllerPageTest {

    private static final HexFormat HEX = HexFormat.of();

    private static RedundantControllerPage.Selection.Transfer transfer(RedundantControllerPage.Selection s) {
        return assertInstanceOf(RedundantControllerPage.Selection.Transfer.class, s);
    }

    @Test
    void linuxModeSelect6TakesOverTheMarkedLuns() {
        byte[] list = HostReaders.kernelFailoverParameterList(false, 0, 3);
        assertEquals(110, list.length, "sizeof(struct rdac_pg_legacy)");
        assertEquals(Set.of(0, 3), transfer(RedundantControllerPage.decodeModeSelect(list, false)).luns());
    }

    @Test
    void linuxModeSelect10WithSubpage1TakesOverTheMarkedLuns() {
        byte[] list = HostReaders.kernelFailoverParameterList(true, 1, 200);
        assertEquals(308, list.length, "sizeof(struct rdac_pg_expanded)");
        assertEquals(Set.of(1, 200), transfer(RedundantControllerPage.decodeModeSelect(list, true)).luns());
    }

    @Test
    void blockDescriptorsAreSkipped() {
        byte[] bare = HostReaders.kernelFailoverParameterList(false, 5);
        byte[] list = new byte[bare.length + 8];
        System.arraycopy(bare, 0, list, 0, 4);
        list[3] = 8; // BLOCK DESCRIPTOR LENGTH
        System.arraycopy(bare, 4, list, 12, bare.length - 4);
        assertEquals(Set.of(5), transfer(RedundantControllerPage.decodeModeSelect(list, false)).luns());
    }

    @Test
    void malformedPagesAreRefused() {
        byte[] wrongLength = HostReaders.kernelFailoverParameterList(false, 1);
        wrongLength[5] = 0x67;
        RedundantControllerPage.Selection.Invalid invalid = assertInstanceOf(
                RedundantControllerPage.Selection.Invalid.class,
                RedundantControllerPage.decodeModeSelect(wrongLength, false));
        assertEquals(SenseCode.INVALID_FIELD_IN_PARAMETER_LIST, invalid.sense());
        assertEquals(Optional.of(new FieldPointer(5, 7)), invalid.field());

        byte[] wrongSubpage = HostReaders.kernelFailoverParameterList(true, 1);
        wrongSubpage[9] = 0x02;
        assertEquals(SenseCode.INVALID_FIELD_IN_PARAMETER_LIST, assertInstanceOf(
                RedundantControllerPage.Selection.Invalid.class,
                RedundantControllerPage.decodeModeSelect(wrongSubpage, true)).sense());

        byte[] cut = Arrays.copyOf(HostReaders.kernelFailoverParameterList(false, 1), 60);
        assertEquals(SenseCode.PARAMETER_LIST_LENGTH_ERROR, assertInstanceOf(
                RedundantControllerPage.Selection.Invalid.class,
                RedundantControllerPage.decodeModeSelect(cut, false)).sense());
    }

    @Test
    void otherPagesAreLeftToTheCaller() {
        // the rdac checker's MODE SELECT(10) of the control mode page 0Ah
        byte[] control = new byte[8 + 12];
        control[8] = 0x0A;
        control[9] = 0x0A;
        assertInstanceOf(RedundantControllerPage.Selection.OtherPage.class,
                RedundantControllerPage.decodeModeSelect(control, true));
        assertInstanceOf(RedundantControllerPage.Selection.OtherPage.class,
                RedundantControllerPage.decodeModeSelect(new byte[4], false));
    }

    @Test
    void modeSenseShapesAndTheirOwnershipTable() {
        byte[] legacy = RedundantControllerPage.encode(RedundantControllerPage.Shape.LEGACY, "ctl-a", "ctl-b",
                lun -> lun == 2);
        assertEquals(106, legacy.length);
        assertEquals("2c68", HEX.formatHex(legacy, 0, 2));
        assertEquals("ctl-a           ctl-b           ", new String(legacy, 2, 32));
        assertEquals(0x81, legacy[40 + 2] & 0xFF);
        assertEquals(0, legacy[40 + 1]);

        byte[] expanded = RedundantControllerPage.encode(RedundantControllerPage.Shape.EXPANDED, "ctl-a", "ctl-b",
                lun -> lun == 255);
        assertEquals(300, expanded.length);
        assertEquals("6c010128", HEX.formatHex(expanded, 0, 4));
        assertEquals(0x81, expanded[42 + 255] & 0xFF);

        // what MODE SENSE reports can be sent back with MODE SELECT and means the same LUNs
        byte[] list = new byte[4 + legacy.length];
        System.arraycopy(legacy, 0, list, 4, legacy.length);
        assertEquals(Set.of(2), transfer(RedundantControllerPage.decodeModeSelect(list, false)).luns());
    }
}
