package io.jiet.alua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TargetPortDesignatorsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void relativeTargetPortDesignator() {
        // 51: iSCSI (5), binary (1); 94: PIV, association 01b (target port), type 4
        assertEquals("51940004" + "00000102", HEX.formatHex(TargetPortDesignators.relativeTargetPort(0x0102)));
    }

    @Test
    void targetPortGroupDesignator() {
        assertEquals("51950004" + "00000002", HEX.formatHex(TargetPortDesignators.targetPortGroup(2)));
    }

    @Test
    void scsiNameStringOfTheTargetPortIsNulTerminatedAndPaddedToFour() {
        byte[] d = TargetPortDesignators.scsiNameString("iqn.2026-11.io.jiet:array", 2);
        String name = "iqn.2026-11.io.jiet:array,t,0x0002"; // 34 bytes + NUL = 35, padded to 36
        assertEquals("53980024", HEX.formatHex(d, 0, 4));
        assertEquals(4 + 36, d.length);
        assertEquals(name, new String(d, 4, name.length(), StandardCharsets.UTF_8));
        assertEquals("0000", HEX.formatHex(d, 4 + name.length(), 4 + name.length() + 2));
        // exactly a multiple of four already: still one NUL, so four more bytes
        byte[] e = TargetPortDesignators.scsiNameString("iqn.x:abcd", 1); // "iqn.x:abcd,t,0x0001" = 19
        assertEquals(4 + 20, e.length);
        assertThrows(IllegalArgumentException.class, () -> TargetPortDesignators.relativeTargetPort(0x10000));
    }

    @Test
    void linuxFindsPortAndGroupTheWayScsiVpdTpgIdDoes() {
        byte[] all = TargetPortDesignators.forTargetPort("iqn.2026-11.io.jiet:array", 2, 7, 2);
        int relativePort = -1;
        int group = -1;
        for (int d = 0; d < all.length; d += 4 + (all[d + 3] & 0xFF)) {
            int value = ((all[d + 6] & 0xFF) << 8) | (all[d + 7] & 0xFF);
            switch (all[d + 1] & 0x0F) {
                case 0x4 -> relativePort = value;
                case 0x5 -> group = value;
                default -> { }
            }
        }
        assertEquals(7, relativePort);
        assertEquals(2, group);
    }
}
