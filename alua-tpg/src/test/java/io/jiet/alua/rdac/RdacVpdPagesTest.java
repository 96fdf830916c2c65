package io.jiet.alua.rdac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.alua.AluaState;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RdacVpdPagesTest {

    private static final HexFormat HEX = HexFormat.of();
    private final RdacArray array = RdacArray.forTarget("iqn.2026-11.io.jiet:array", 255);

    @Test
    void c2CarriesMaxLunsInByte15() {
        byte[] c2 = RdacVpdPages.softwareVersion(array);
        assertEquals("00c2000c" + "73777234", HEX.formatHex(c2, 0, 8));
        assertEquals(16, c2.length);
        assertEquals(0xFF, c2[15] & 0xFF);
        assertTrue(HostReaders.kernelUsesModeSelect10(c2));
        assertFalse(HostReaders.kernelUsesModeSelect10(
                RdacVpdPages.softwareVersion(RdacArray.forTarget("iqn.x:y", 31))));
        assertTrue(HostReaders.kernelUsesModeSelect10(
                RdacVpdPages.softwareVersion(RdacArray.forTarget("iqn.x:y", 32))));
    }

    @Test
    void c4SlotIdNamesTheController() {
        byte[] c0 = RdacVpdPages.subsystemIdentifier(array, 0);
        byte[] c1 = RdacVpdPages.subsystemIdentifier(array, 1);
        assertEquals("00c4001c" + "73756273", HEX.formatHex(c0, 0, 8));
        assertEquals(32, c0.length);
        assertEquals("jiet            0100", new String(c0, 8, 20, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals('1', c0[29]);
        assertEquals('2', c1[29]);
        assertEquals(0, HostReaders.kernelControllerIndex(c0));
        assertEquals(1, HostReaders.kernelControllerIndex(c1));
        assertThrows(IllegalArgumentException.class, () -> RdacVpdPages.subsystemIdentifier(array, 2));
    }

    @Test
    void c8GivesLunArrayIdAndArrayNameWhereLinuxReadsThem() {
        RdacVolume volume = RdacVolume.fromScsiId(1, "array0002");
        byte[] c8 = RdacVpdPages.extendedDeviceIdentification(array, volume);
        assertEquals(175, c8.length);
        assertEquals("00c800ab" + "65646964", HEX.formatHex(c8, 0, 8));
        assertEquals(16, c8[11]);
        assertEquals(HEX.formatHex("array0002".getBytes()) + "00000000000000", HEX.formatHex(c8, 12, 28));
        HostReaders.C8View view = HostReaders.kernelLunInfo(c8);
        assertEquals(1, view.lun());
        assertArrayEquals(array.arrayUniqueId(), view.arrayId());
        assertEquals("iqn.2026-11.io.jiet:array", view.arrayName());
    }

    @Test
    void c9ForTheOwningPreferredControllerInPlainRdacMode() {
        byte[] c9 = RdacVpdPages.volumeAccessControl(new VolumeAccess(true, false, true,
                AluaState.ACTIVE_OPTIMIZED, AluaState.STANDBY));
        // signature as multipath-tools checks it and the seed report shows: 00 c9 00 2c "vac1"
        assertEquals("00c9002c" + "76616331" + "1101" + "00" + "00" + "02" + "00", HEX.formatHex(c9, 0, 14));
        assertEquals(48, c9.length);
        assertEquals(6, HostReaders.rdacPrio(c9), "owner +2, preferred path +4");
        assertEquals(HostReaders.PathState.UP, HostReaders.rdacChecker(c9));
        assertEquals("RDAC owned preferred", HostReaders.kernelMode(c9));
    }

    @Test
    void c9ForTheOtherControllerIsAGhostSecondaryPath() {
        byte[] c9 = RdacVpdPages.volumeAccessControl(new VolumeAccess(false, false, false,
                AluaState.STANDBY, AluaState.ACTIVE_OPTIMIZED));
        assertEquals("10" + "02" + "02" + "00" + "00", HEX.formatHex(c9, 8, 13));
        assertEquals(1, HostReaders.rdacPrio(c9), "secondary path +1");
        assertEquals(HostReaders.PathState.GHOST, HostReaders.rdacChecker(c9));
        assertEquals("RDAC unowned", HostReaders.kernelMode(c9));
    }

    @Test
    void c9InIoShippingModeKeepsEveryPathUp() {
        byte[] c9 = RdacVpdPages.volumeAccessControl(new VolumeAccess(false, true, false,
                AluaState.ACTIVE_NONOPTIMIZED, AluaState.ACTIVE_OPTIMIZED));
        assertEquals(0x30, c9[8] & 0xFF);
        assertEquals(HostReaders.PathState.UP, HostReaders.rdacChecker(c9));
        assertEquals("IOSHIP unowned", HostReaders.kernelMode(c9));
    }

    @Test
    void c9UnavailableOrLoneTransitioningIsPathDown() {
        byte[] unavailable = RdacVpdPages.volumeAccessControl(new VolumeAccess(true, false, true,
                AluaState.UNAVAILABLE, AluaState.STANDBY));
        assertEquals(HostReaders.PathState.DOWN, HostReaders.rdacChecker(unavailable));
        byte[] booting = RdacVpdPages.volumeAccessControl(new VolumeAccess(true, false, true,
                AluaState.TRANSITIONING, AluaState.STANDBY));
        assertEquals(HostReaders.PathState.DOWN, HostReaders.rdacChecker(booting));
        byte[] bothTransitioning = RdacVpdPages.volumeAccessControl(new VolumeAccess(true, false, true,
                AluaState.TRANSITIONING, AluaState.TRANSITIONING));
        assertEquals(HostReaders.PathState.UP, HostReaders.rdacChecker(bothTransitioning));
    }

    @Test
    void arrayIdentityIsDerivedFromTheTargetNameOnly() {
        assertArrayEquals(array.arrayUniqueId(),
                RdacArray.forTarget("iqn.2026-11.io.jiet:array", 32).arrayUniqueId());
        assertFalse(java.util.Arrays.equals(array.arrayUniqueId(),
                RdacArray.forTarget("iqn.2026-11.io.jiet:other", 255).arrayUniqueId()));
        assertEquals(30, RdacArray.forTarget("iqn.2026-11.io.jiet:a-very-long-array-name-here", 8)
                .arrayLabel().length());
        assertThrows(IllegalArgumentException.class, () -> RdacArray.forTarget("iqn.x:y", 256));
    }
}
