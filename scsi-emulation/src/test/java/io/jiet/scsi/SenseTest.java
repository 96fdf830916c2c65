package io.jiet.scsi;

import static io.jiet.scsi.SenseAssertions.unsigned;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SenseTest {

    @Test
    void fixedFormatWithFieldPointer() {
        byte[] b = Sense.INVALID_FIELD_IN_CDB.inCdb(2, 5).fixedFormat();
        assertArrayEquals(new int[] {0x70, 0, 0x05, 0, 0, 0, 0, 0x0A, 0, 0, 0, 0, 0x24, 0x00, 0,
            0xCD, 0x00, 0x02}, unsigned(b));
    }

    @Test
    void fixedFormatParameterListPointerWithoutBit() {
        byte[] b = Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(0x0123).fixedFormat();
        assertEquals(0x80, b[15] & 0xFF, "SKSV only: C/D 0, BPV 0");
        assertEquals(0x01, b[16]);
        assertEquals(0x23, b[17]);
        assertEquals(0x26, b[12]);
    }

    @Test
    void fixedFormatInformationSetsValid() {
        byte[] b = Sense.UNRECOVERED_READ_ERROR.withInformation(0x01020304L).fixedFormat();
        assertArrayEquals(new int[] {0xF0, 0, 0x03, 1, 2, 3, 4, 0x0A, 0, 0, 0, 0, 0x11, 0x00, 0, 0, 0, 0},
                unsigned(b));
    }

    @Test
    void informationTooLargeForFixedFormatLeavesValidClear() {
        byte[] b = Sense.WRITE_ERROR.withInformation(1L << 32).fixedFormat();
        assertEquals(0x70, b[0] & 0xFF);
        assertArrayEquals(new byte[4], java.util.Arrays.copyOfRange(b, 3, 7));
    }

    @Test
    void constantsCarrySpcCodes() {
        assertCodes(Sense.INVALID_COMMAND_OPERATION_CODE, 0x05, 0x20, 0x00);
        assertCodes(Sense.INVALID_FIELD_IN_CDB, 0x05, 0x24, 0x00);
        assertCodes(Sense.LBA_OUT_OF_RANGE, 0x05, 0x21, 0x00);
        assertCodes(Sense.LOGICAL_UNIT_NOT_SUPPORTED, 0x05, 0x25, 0x00);
        assertCodes(Sense.PARAMETER_LIST_LENGTH_ERROR, 0x05, 0x1A, 0x00);
        assertCodes(Sense.INVALID_FIELD_IN_PARAMETER_LIST, 0x05, 0x26, 0x00);
        assertCodes(Sense.SAVING_PARAMETERS_NOT_SUPPORTED, 0x05, 0x39, 0x00);
        assertCodes(Sense.WRITE_ERROR, 0x03, 0x0C, 0x00);
        assertCodes(Sense.UNRECOVERED_READ_ERROR, 0x03, 0x11, 0x00);
        assertCodes(Sense.WRITE_PROTECTED, 0x07, 0x27, 0x00);
        assertCodes(Sense.SOFTWARE_WRITE_PROTECTED, 0x07, 0x27, 0x02);
    }

    @Test
    void descriptorFormatWithInformationAndFieldPointer() {
        byte[] b = Sense.INVALID_FIELD_IN_CDB.inCdb(7).withInformation(0x1122334455667788L).descriptorFormat();
        assertArrayEquals(new int[] {0x72, 0x05, 0x24, 0x00, 0, 0, 0, 20,
            0x00, 0x0A, 0x80, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
            0x02, 0x06, 0, 0, 0xC0, 0x00, 0x07, 0}, unsigned(b));
    }

    @Test
    void descriptorFormatOfNoSenseIsTheHeaderAlone() {
        assertArrayEquals(new int[] {0x72, 0, 0, 0, 0, 0, 0, 0},
                unsigned(Sense.NO_ADDITIONAL_SENSE_INFORMATION.descriptorFormat()));
    }

    private static void assertCodes(Sense s, int key, int asc, int ascq) {
        byte[] b = s.fixedFormat();
        assertEquals(key, b[2]);
        assertEquals(asc, b[12] & 0xFF);
        assertEquals(ascq, b[13] & 0xFF);
    }
}
