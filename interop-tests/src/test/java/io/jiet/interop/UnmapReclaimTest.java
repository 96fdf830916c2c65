package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.initiator.Cdb;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.LoginRequest;
import io.jiet.interop.initiator.ScsiResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thin provisioning on fileio gives space back: 100 MiB written through the daemon to a {@code Thin=yes} LUN and
 * then UNMAPped make the backing file's allocated size (st_blocks, read with stat(1)) shrink by about those
 * 100 MiB, while the file keeps its size and the blocks read back as zeros (LBPRZ).
 */
class UnmapReclaimTest {
    private static final String IQN = "iqn.2026-11.io.jiet:unmap";
    private static final int BLOCK = 512;
    private static final int MIB = 1 << 20;
    private static final int WRITTEN_MIB = 100;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void unmapOf100MibShrinksTheBackingFile() throws IOException, InterruptedException {
        Path image = IetdConf.sparseImage(dir, "thin.img", 128L * MIB);
        String config = IetdConf.create().target(IQN).fileioLun(0, image, "IOMode=wb", "Thin=yes").text();
        try (JietdProcess daemon = JietdProcess.start(dir, config);
             InitiatorSession session = InitiatorSession.login(daemon.host(), daemon.port(), LoginRequest.normal(IQN))) {
            session.testUnitReady(0);
            long empty = allocatedBytes(image);
            byte[] chunk = new byte[MIB];
            Arrays.fill(chunk, (byte) 0x5A);
            for (int i = 0; i < WRITTEN_MIB; i++) {
                assertGood(session.write(0, Cdb.write10((long) i * MIB / BLOCK, MIB / BLOCK), chunk));
            }
            assertGood(session.command(0, ScsiCommands.synchronizeCache()));
            long written = allocatedBytes(image);
            assertTrue(written - empty >= (long) WRITTEN_MIB * MIB, "written data is allocated: " + empty
                    + " -> " + written);

            assertGood(session.write(0, ScsiCommands.unmap(),
                    ScsiCommands.unmapParameters(0, WRITTEN_MIB * MIB / BLOCK)));
            assertGood(session.command(0, ScsiCommands.synchronizeCache()));
            long unmapped = allocatedBytes(image);
            System.out.printf("thin LUN allocation: empty %d, after 100 MiB written %d, after UNMAP %d bytes%n",
                    empty, written, unmapped);
            assertTrue(written - unmapped >= (long) (WRITTEN_MIB - 1) * MIB,
                    "UNMAP gave the space back: " + written + " -> " + unmapped);
            assertEquals(128L * MIB, java.nio.file.Files.size(image), "the file keeps its size");
            ScsiResult read = session.read(0, Cdb.read10(12345, 8), 8 * BLOCK);
            assertGood(read);
            assertArrayEquals(new byte[8 * BLOCK], read.data(), "deallocated blocks read as zeros (LBPRZ)");
        }
    }

    /** st_blocks × st_blksize unit, what du shows; stat(1) so the check does not trust jiet's own code. */
    private static long allocatedBytes(Path file) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).redirectErrorStream(true).start();
        String[] out = new String(stat.getInputStream().readAllBytes()).trim().split("\\s+");
        assertEquals(0, stat.waitFor(), String.join(" ", out));
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    private static void assertGood(ScsiResult r) {
        assertTrue(r.good(), r::toString);
    }
}
