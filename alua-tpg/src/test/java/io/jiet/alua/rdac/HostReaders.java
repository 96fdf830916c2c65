package io.jiet.alua.rdac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What Linux and multipath-tools take out of the RDAC pages, re-stated from their sources so the tests check the
 * bytes those readers actually use (scsi_dh_rdac.c get_lun_info/initialize_controller/check_ownership/
 * set_mode_select; multipath-tools prioritizers/rdac.c rdac_prio, checkers/rdac.c libcheck_check).
 */
final class HostReaders {
    enum PathState { UP, GHOST, DOWN }

    private HostReaders() {
    }

    /** multipath-tools rdac prioritizer: -1 when the page is not in the expected format, else 0..6. */
    static int rdacPrio(byte[] c9) {
        if ((c9[1] & 0xFF) != 0xC9 || (c9[3] & 0xFF) != 0x2C || c9[4] != 'v' || c9[5] != 'a' || c9[6] != 'c') {
            return -1;
        }
        int prio = (c9[8] & 0x01) != 0 ? 2 : 0;
        prio |= switch (c9[9] & 0x0F) {
            case 0x01 -> 4;
            case 0x02 -> 1;
            default -> 0;
        };
        return prio;
    }

    /** multipath-tools rdac path checker. */
    static PathState rdacChecker(byte[] c9) {
        int avtcvp = c9[8] & 0xFF;
        if ((avtcvp & 0x10) != 0) {
            int current = c9[10] & 0x0F;
            if (current == 0x3) {
                return PathState.DOWN;
            }
            if (current == 0xF && (c9[12] & 0x0F) != 0xF) {
                return PathState.DOWN;
            }
        }
        return (avtcvp & 0x01) != 0 || ((avtcvp >> 5) & 1) != 0 ? PathState.UP : PathState.GHOST;
    }

    /** scsi_dh_rdac check_ownership: "RDAC", "AVT" or "IOSHIP" mode and owned/unowned. */
    static String kernelMode(byte[] c9) {
        int avtcvp = c9[8] & 0xFF;
        String mode = ((avtcvp >> 5) & 1) != 0 ? "IOSHIP" : (avtcvp >> 7) != 0 ? "AVT" : "RDAC";
        return mode + ((avtcvp & 1) != 0 ? " owned" : " unowned") + ((c9[9] & 1) != 0 ? " preferred" : "");
    }

    /** scsi_dh_rdac initialize_controller: controller index from slot_id[1]. */
    static int kernelControllerIndex(byte[] c4) {
        assertEquals("subs", new String(c4, 4, 4, StandardCharsets.US_ASCII));
        return c4[29] == 0x31 ? 0 : 1;
    }

    /** scsi_dh_rdac get_lun_info: LUN from lun[7], array id from its length and bytes, name from odd bytes. */
    record C8View(int lun, byte[] arrayId, String arrayName) {
    }

    static C8View kernelLunInfo(byte[] c8) {
        assertEquals(0xC8, c8[1] & 0xFF);
        assertEquals("edid", new String(c8, 4, 4, StandardCharsets.US_ASCII));
        int idLength = c8[89] & 0xFF;
        byte[] id = Arrays.copyOfRange(c8, 90, 90 + idLength);
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            char c = (char) (c8[107 + 2 * i + 1] & 0xFF);
            if (c == 0) {
                break;
            }
            name.append(c);
        }
        return new C8View(c8[174] & 0xFF, id, name.toString());
    }

    /** scsi_dh_rdac set_mode_select: MODE SELECT(10) when max_lun_supported >= 32. */
    static boolean kernelUsesModeSelect10(byte[] c2) {
        assertEquals("swr4", new String(c2, 4, 4, StandardCharsets.US_ASCII));
        return (c2[15] & 0xFF) >= 32;
    }

    /** The parameter list rdac_failover_get builds to take over {@code luns}: MODE SELECT(6) or (10). */
    static byte[] kernelFailoverParameterList(boolean modeSelect10, int... luns) {
        int header = modeSelect10 ? 8 : 4;
        int pageHeader = modeSelect10 ? 4 : 2;
        int tableLength = modeSelect10 ? 256 : 32 + 32;
        byte[] list = new byte[header + pageHeader + 38 + tableLength + 2];
        int page = header;
        if (modeSelect10) {
            list[page] = 0x2C + 0x40;
            list[page + 1] = 0x01;
            list[page + 2] = 0x01;
            list[page + 3] = 0x28;
        } else {
            list[page] = 0x2C;
            list[page + 1] = 0x68;
        }
        int common = page + pageHeader;
        list[common + 33] = 0x02;  // rdac_mode[1]: transfer specified LUNs
        list[common + 36] = 20;    // quiescence timeout
        list[common + 37] = 0x02;  // forced quiescence
        for (int lun : luns) {
            list[common + 38 + lun] = (byte) 0x81;
        }
        return list;
    }
}
