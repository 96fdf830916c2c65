package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.harness.SharedJietd;
import io.jiet.interop.initiator.Cdb;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.LoginRequest;
import io.jiet.interop.initiator.Lun;
import io.jiet.interop.initiator.ScsiResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which logical units a target presents: REPORT LUNS (SPC-4 §6.33), INQUIRY of absent LUNs, VPD page 0x83. */
class LunInventoryTest {
    private static final String SPARSE = "iqn.2026-11.io.jiet:luns-0-and-3";
    private static final String NO_LUN_ZERO = "iqn.2026-11.io.jiet:luns-only-2";
    private static final String SCSI_ID = "149455403f160c00";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    @RegisterExtension
    static final SharedJietd jietd = new SharedJietd();
    private static JietdProcess daemon;

    @BeforeAll
    static void start() {
        String config = IetdConf.create()
                .target(SPARSE)
                .fileioLun(0, IetdConf.sparseImage(dir, "sparse-0.img", 16L << 20), "ScsiId=" + SCSI_ID)
                .fileioLun(3, IetdConf.sparseImage(dir, "sparse-3.img", 16L << 20))
                .target(NO_LUN_ZERO)
                .fileioLun(2, IetdConf.sparseImage(dir, "only-2.img", 16L << 20))
                .text();
        daemon = jietd.start(dir, config);
    }

    @Test
    void reportLunsListsExactlyTheConfiguredLuns() throws IOException {
        try (InitiatorSession session = login(SPARSE)) {
            assertEquals(List.of(0, 3), reportLuns(session, 0));
            assertEquals(List.of(0, 3), reportLuns(session, 3), "REPORT LUNS is answered the same by every LUN");
        }
    }

    @Test
    void reportLunsToLunZeroWorksWhenLunZeroIsNotConfigured() throws IOException {
        // SPC-4 §6.33 / SAM-5: LUN 0 must answer REPORT LUNS even when it is not a configured logical unit.
        try (InitiatorSession session = login(NO_LUN_ZERO)) {
            assertEquals(List.of(2), reportLuns(session, 0));
        }
    }

    @Test
    void inquiryToAnAbsentLunReportsNoDeviceThere() throws IOException {
        try (InitiatorSession session = login(SPARSE)) {
            for (int absent : new int[] {1, 5, 255}) {
                ScsiResult inquiry = session.read(absent, Cdb.inquiry(false, 0, 96), 96);
                assertEquals(ScsiResult.GOOD, inquiry.status(), () -> "INQUIRY to absent LUN " + absent + ": " + inquiry);
                assertTrue(inquiry.data().length >= 1, () -> "no INQUIRY data for LUN " + absent);
                // SPC-4 §6.6.2: peripheral qualifier 011b, device type 1Fh = no device, not supported.
                assertEquals(0x7f, inquiry.data()[0] & 0xff,
                        () -> "INQUIRY byte 0 for absent LUN " + absent + ": " + inquiry);
            }
        }
    }

    @Test
    void inquiryToAConfiguredLunIsADirectAccessDevice() throws IOException {
        try (InitiatorSession session = login(SPARSE)) {
            ScsiResult inquiry = session.read(3, Cdb.inquiry(false, 0, 96), 96);
            assertEquals(ScsiResult.GOOD, inquiry.status(), inquiry::toString);
            assertEquals(0x00, inquiry.data()[0] & 0xff, "qualifier 000b, type 00h (SBC direct access)");
            assertEquals("IET     ", new String(inquiry.data(), 8, 8, StandardCharsets.US_ASCII));
            assertEquals("VIRTUAL-DISK    ", new String(inquiry.data(), 16, 16, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void deviceIdentificationHasIetsDesignatorByteForByte() throws IOException {
        try (InitiatorSession session = login(SPARSE)) {
            ScsiResult page = session.read(0, Cdb.inquiry(true, 0x83, 512), 512);
            assertEquals(ScsiResult.GOOD, page.status(), page::toString);
            byte[] data = page.data();
            assertEquals(0x83, data[1] & 0xff, "page code");
            int pageLength = ((data[2] & 0xff) << 8) | (data[3] & 0xff);
            assertEquals(4 + pageLength, data.length, "PAGE LENGTH against the bytes received");
            List<byte[]> descriptors = descriptors(data);
            byte[] expected = IetIdentity.t10Descriptor(SCSI_ID);
            assertTrue(descriptors.stream().anyMatch(d -> Arrays.equals(d, expected)),
                    () -> "no descriptor " + HexFormat.ofDelimiter(" ").formatHex(expected) + " in page 0x83: "
                            + HexFormat.ofDelimiter(" ").formatHex(data));
        }
    }

    private static InitiatorSession login(String target) throws IOException {
        return InitiatorSession.login(daemon.host(), daemon.port(), LoginRequest.normal(target));
    }

    /** REPORT LUNS parameter data: LUN LIST LENGTH (4 bytes), 4 reserved, then 8 bytes per LUN. */
    private static List<Integer> reportLuns(InitiatorSession session, int addressedLun) throws IOException {
        ScsiResult result = session.read(addressedLun, Cdb.reportLuns(4096), 4096);
        assertEquals(ScsiResult.GOOD, result.status(), () -> "REPORT LUNS to LUN " + addressedLun + ": " + result
                + "\n" + daemon.logTail());
        byte[] data = result.data();
        int listLength = ((data[0] & 0xff) << 24) | ((data[1] & 0xff) << 16) | ((data[2] & 0xff) << 8) | (data[3] & 0xff);
        assertEquals(0, listLength % 8, "LUN LIST LENGTH is a multiple of 8");
        assertEquals(8 + listLength, data.length, "LUN LIST LENGTH against the bytes received");
        List<Integer> luns = new ArrayList<>();
        for (int offset = 8; offset < 8 + listLength; offset += 8) {
            luns.add(Lun.decode(data, offset));
        }
        return luns.stream().sorted().toList();
    }

    /** Designation descriptors of VPD page 0x83 (SPC-4 §7.8.6.1): 4-byte header, length in byte 3. */
    private static List<byte[]> descriptors(byte[] page) {
        List<byte[]> descriptors = new ArrayList<>();
        int offset = 4;
        while (offset + 4 <= page.length) {
            int length = page[offset + 3] & 0xff;
            assertTrue(offset + 4 + length <= page.length, "descriptor overruns the page");
            descriptors.add(Arrays.copyOfRange(page, offset, offset + 4 + length));
            offset += 4 + length;
        }
        return descriptors;
    }
}
