package io.jiet.scsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jiet.scsi.LogicalUnitIdentity.Designator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LogicalUnitIdentityTest {

    private static final String TARGET = "iqn.2001-04.com.example:storage.disk1";

    @Test
    void configuredScsiIdGivesIetsT10VendorDesignator() {
        LogicalUnitIdentity id = LogicalUnitIdentity.iet(TARGET, 0, "149455403f160c00", null);
        assertEquals(1, id.designators().size());
        byte[] designator = id.designators().get(0).encode();
        byte[] expected = concat(HexFormat.of().parseHex("010100184945540000000000"),
                "149455403f160c00".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(expected, designator);
        // The WWID udev builds from it: "1" (T10 vendor ID) and the hex of the identifier.
        assertEquals("494554000000000031343934353534303366313630633030",
                HexFormat.of().formatHex(id.designators().get(0).identifier()));
    }

    @Test
    void shortConfiguredScsiIdIsZeroPadded() {
        byte[] identifier = LogicalUnitIdentity.iet(TARGET, 3, "abc", null).designators().get(0).identifier();
        assertArrayEquals(concat(new byte[] {'I', 'E', 'T', 0, 0, 0, 0, 0}, new byte[] {'a', 'b', 'c'},
                new byte[13]), identifier);
    }

    @Test
    void defaultScsiIdIsMd5OfTargetNameAndLittleEndianLun() throws Exception {
        int lun = 0x0102;
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(TARGET.getBytes(StandardCharsets.US_ASCII));
        md5.update(new byte[] {0x02, 0x01, 0x00, 0x00});
        byte[] scsiId = md5.digest();

        LogicalUnitIdentity id = LogicalUnitIdentity.iet(TARGET, lun, null, null);
        Designator d = id.designators().get(0);
        assertEquals(Designator.CODE_SET_BINARY, d.codeSet());
        assertEquals(Designator.ASSOCIATION_LOGICAL_UNIT, d.association());
        assertEquals(Designator.TYPE_T10_VENDOR_ID, d.designatorType());
        assertArrayEquals(concat(new byte[] {'I', 'E', 'T', 0, 0, 0, 0, 0}, scsiId), d.identifier());
        // With no ScsiSN, VPD 80h carries the ScsiId's 16 bytes as 32 lowercase hex digits.
        assertEquals(HexFormat.of().formatHex(scsiId), id.unitSerialNumber());
    }

    @Test
    void defaultSerialOfAConfiguredScsiIdIncludesItsZeroPadding() {
        LogicalUnitIdentity id = LogicalUnitIdentity.iet(TARGET, 0, "ab", null);
        assertEquals("6162" + "00".repeat(14), id.unitSerialNumber());
    }

    @Test
    void configuredSerialIsRightAlignedIn16Or32Bytes() {
        assertEquals("      SN12345678", LogicalUnitIdentity.iet(TARGET, 0, null, "SN12345678").unitSerialNumber());
        assertEquals("0123456789abcdef",
                LogicalUnitIdentity.iet(TARGET, 0, null, "0123456789abcdef").unitSerialNumber());
        String seventeen = "0123456789abcdefg";
        assertEquals(" ".repeat(15) + seventeen, LogicalUnitIdentity.iet(TARGET, 0, null, seventeen)
                .unitSerialNumber());
    }

    @Test
    void ietsFixedStrings() {
        LogicalUnitIdentity id = LogicalUnitIdentity.iet(TARGET, 0, null, null);
        assertEquals("IET", id.vendorIdentification());
        assertEquals("VIRTUAL-DISK", id.productIdentification());
        assertEquals("0", id.productRevisionLevel());
    }

    @Test
    void refusesWhatIetRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> LogicalUnitIdentity.iet(TARGET, 0, "0123456789abcdef0", null));
        assertThrows(IllegalArgumentException.class,
                () -> LogicalUnitIdentity.iet(TARGET, 0, null, "x".repeat(33)));
        assertThrows(IllegalArgumentException.class,
                () -> LogicalUnitIdentity.iet(TARGET, 0, null, "tab\there"));
    }

    @Test
    void designatorsCompareByContent() {
        assertEquals(LogicalUnitIdentity.iet(TARGET, 0, null, null), LogicalUnitIdentity.iet(TARGET, 0, null, null));
    }

    @Test
    void naaDesignatorFollowsTheScsiIdWhateverTheTarget() {
        LogicalUnitIdentity a = LogicalUnitIdentity.iet(TARGET, 0, "149455403f160c00", null).withNaaDesignator();
        LogicalUnitIdentity b = LogicalUnitIdentity.iet("iqn.other:target", 7, "149455403f160c00", null)
                .withNaaDesignator();
        LogicalUnitIdentity c = LogicalUnitIdentity.iet(TARGET, 0, "149455403f160c01", null).withNaaDesignator();
        assertEquals(2, a.designators().size(), "IET's T10 designator stays first");
        LogicalUnitIdentity.Designator naa = a.designators().get(1);
        assertEquals(LogicalUnitIdentity.Designator.TYPE_NAA, naa.designatorType());
        assertEquals(LogicalUnitIdentity.Designator.CODE_SET_BINARY, naa.codeSet());
        assertEquals(16, naa.identifier().length, "IEEE Registered Extended is 16 bytes");
        assertEquals(0x6, (naa.identifier()[0] & 0xF0) >>> 4, "NAA 6h");
        assertEquals(naa, b.designators().get(1), "replicas exporting one ScsiId present one NAA name");
        org.junit.jupiter.api.Assertions.assertNotEquals(naa, c.designators().get(1));
        assertEquals(a, a.withNaaDesignator(), "adding it twice changes nothing");
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
