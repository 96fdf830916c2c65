package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.IscsiLsListing;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.harness.SharedJietd;
import io.jiet.interop.harness.Libiscsi;
import io.jiet.interop.harness.ToolRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code iscsi-ls -s}: SendTargets discovery, then a login to every target and a LUN inventory of each. */
class DiscoveryToolTest {
    private static final String FIRST = "iqn.2026-11.io.jiet:discovery-first";
    private static final String SECOND = "iqn.2026-11.io.jiet:discovery-second";
    private static final long MIB = 1L << 20;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    private static Libiscsi libiscsi;
    @RegisterExtension
    static final SharedJietd jietd = new SharedJietd();
    private static JietdProcess daemon;

    @BeforeAll
    static void start() {
        libiscsi = Libiscsi.require(Libiscsi.Tool.ISCSI_LS);
        String config = IetdConf.create()
                .target(FIRST)
                .fileioLun(0, IetdConf.sparseImage(dir, "first-0.img", 64 * MIB))
                .fileioLun(1, IetdConf.sparseImage(dir, "first-1.img", 32 * MIB))
                .target(SECOND)
                .fileioLun(0, IetdConf.sparseImage(dir, "second-0.img", 3 * MIB))
                .text();
        daemon = jietd.start(dir, config);
    }

    @Test
    void listsEveryTargetWithItsPortalAndLunSizes() {
        ToolRun run = libiscsi.run(Libiscsi.Tool.ISCSI_LS, Duration.ofSeconds(60), "-s", daemon.portalUrl());
        assertEquals(0, run.exitCode(), () -> run.describe() + "\n" + daemon.logTail());
        IscsiLsListing listing = IscsiLsListing.parse(run.stdout());

        assertEquals(List.of(FIRST, SECOND).stream().sorted().toList(),
                listing.targets().stream().map(IscsiLsListing.Target::name).sorted().toList(), run::describe);
        for (IscsiLsListing.Target target : listing.targets()) {
            // IET answered with the address the discovery connection came in on, portal group tag 1.
            assertEquals(daemon.portal() + ",1", target.portal(), run::describe);
        }
        assertEquals(List.of(lun(0, 64 * MIB), lun(1, 32 * MIB)), listing.target(FIRST).orElseThrow().luns(),
                run::describe);
        assertEquals(List.of(lun(0, 3 * MIB)), listing.target(SECOND).orElseThrow().luns(), run::describe);
    }

    @Test
    void urlListingNamesEachTargetOnce() {
        ToolRun run = libiscsi.run(Libiscsi.Tool.ISCSI_LS, Duration.ofSeconds(60), "--url", daemon.portalUrl());
        assertEquals(0, run.exitCode(), () -> run.describe() + "\n" + daemon.logTail());
        List<String> urls = run.stdout().lines().filter(l -> l.startsWith("iscsi://")).sorted().toList();
        assertEquals(List.of(daemon.portalUrl() + "/" + FIRST + "/0", daemon.portalUrl() + "/" + SECOND + "/0"),
                urls, run::describe);
        assertTrue(run.stderr().isBlank(), run::describe);
    }

    private static IscsiLsListing.Lun lun(int number, long bytes) {
        return new IscsiLsListing.Lun(number, "DIRECT_ACCESS",
                Optional.of(IscsiLsListing.sizeAsPrinted(bytes / 512, 512)));
    }
}
