package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jiet.interop.harness.ColonFields;
import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.harness.SharedJietd;
import io.jiet.interop.harness.Libiscsi;
import io.jiet.interop.harness.ToolRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code iscsi-readcapacity16}: READ CAPACITY(16) (SBC-3 §5.16) agrees with the backing file's size. */
class ReadCapacityToolTest {
    private static final String IQN = "iqn.2026-11.io.jiet:capacity";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    private static Libiscsi libiscsi;
    @RegisterExtension
    static final SharedJietd jietd = new SharedJietd();
    private static JietdProcess daemon;

    @BeforeAll
    static void start() {
        libiscsi = Libiscsi.require(Libiscsi.Tool.ISCSI_READCAPACITY16);
        String config = IetdConf.create().target(IQN)
                .fileioLun(0, IetdConf.sparseImage(dir, "lun0.img", 64L << 20))
                .fileioLun(1, IetdConf.sparseImage(dir, "lun1.img", (5L << 20) + 512 * 3))
                .fileioLun(2, IetdConf.sparseImage(dir, "lun2.img", 8L << 20), "BlockSize=4096")
                .text();
        daemon = jietd.start(dir, config);
    }

    @ParameterizedTest(name = "LUN {0}: {1} bytes in {2}-byte blocks")
    @CsvSource({"0, 67108864, 512", "1, 5244416, 512", "2, 8388608, 4096"})
    void reportsTheBackingFileSize(int lun, long bytes, int blockLength) {
        ToolRun run = libiscsi.run(Libiscsi.Tool.ISCSI_READCAPACITY16, Duration.ofSeconds(30), daemon.url(IQN, lun));
        assertEquals(0, run.exitCode(), () -> run.describe() + "\n" + daemon.logTail());
        ColonFields fields = ColonFields.parse(run.stdout());
        long blocks = bytes / blockLength;
        assertEquals(Optional.of(Long.toString(blocks - 1)), fields.first("RETURNED LOGICAL BLOCK ADDRESS"), run::describe);
        assertEquals(Optional.of(Integer.toString(blockLength)), fields.first("LOGICAL BLOCK LENGTH IN BYTES"), run::describe);
        assertEquals(Optional.of(Long.toString(blocks * blockLength)), fields.first("Total size"), run::describe);
    }

    @ParameterizedTest(name = "LUN {0}")
    @CsvSource({"0, 67108864", "2, 8388608"})
    void sizeOnlyOption(int lun, long bytes) {
        ToolRun run = libiscsi.run(Libiscsi.Tool.ISCSI_READCAPACITY16, Duration.ofSeconds(30), "-s", daemon.url(IQN, lun));
        assertEquals(0, run.exitCode(), () -> run.describe() + "\n" + daemon.logTail());
        assertEquals(Long.toString(bytes), run.stdout().strip(), run::describe);
    }
}
