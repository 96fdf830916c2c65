package io.jiet.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.interop.harness.IetdConf;
import io.jiet.interop.harness.JietdProcess;
import io.jiet.interop.harness.SharedJietd;
import io.jiet.interop.harness.Libiscsi;
import io.jiet.interop.harness.ToolRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CHAP as libiscsi 1.19 speaks it (CHAP_A=5, hex values): one-way and mutual, for a target's own accounts and for
 * the global discovery accounts. libiscsi takes credentials as {@code iscsi://user%secret@host/...} and the
 * target's as {@code ?target_user=...&target_password=...}.
 */
class ChapLoginTest {
    private static final String IQN = "iqn.2026-11.io.jiet:chap";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    private static Libiscsi libiscsi;
    @RegisterExtension
    static final SharedJietd jietd = new SharedJietd();
    private static JietdProcess daemon;

    @BeforeAll
    static void start() {
        libiscsi = Libiscsi.require(Libiscsi.Tool.ISCSI_INQ, Libiscsi.Tool.ISCSI_LS);
        String config = "IncomingUser discoverer discoverysecret1\n"
                + IetdConf.create().target(IQN)
                .parameter("IncomingUser", "alice alicesecret12")
                .parameter("OutgoingUser", "array arraysecret123")
                .fileioLun(0, IetdConf.sparseImage(dir, "lun0.img", 16L << 20))
                .text();
        daemon = jietd.start(dir, config);
    }

    private ToolRun inquiry(String credentials, String query) {
        String url = "iscsi://" + credentials + daemon.portal() + "/" + IQN + "/0" + query;
        return libiscsi.run(Libiscsi.Tool.ISCSI_INQ, TIMEOUT, url);
    }

    @Test
    void rightAccountLogsIn() {
        ToolRun run = inquiry("alice%alicesecret12@", "");
        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.stdout().contains("Vendor:IET"), run::describe);
    }

    @Test
    void wrongSecretUnknownUserAndNoCredentialsAreRefused() {
        for (String credentials : new String[] {"alice%wrongsecret99@", "mallory%alicesecret12@", ""}) {
            ToolRun run = inquiry(credentials, "");
            assertNotEquals(0, run.exitCode(), run::describe);
            assertTrue((run.stdout() + run.stderr()).contains("Authentication failure"), run::describe);
        }
        assertTrue(daemon.isAlive());
    }

    @Test
    void mutualChapSucceedsWithTheTargetsSecret() {
        ToolRun run = inquiry("alice%alicesecret12@", "?target_user=array&target_password=arraysecret123");
        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.stdout().contains("Vendor:IET"), run::describe);
    }

    @Test
    void initiatorRefusesATargetThatAnswersWithAnotherSecret() {
        ToolRun run = inquiry("alice%alicesecret12@", "?target_user=array&target_password=notthearray1");
        assertNotEquals(0, run.exitCode(), run::describe);
        assertTrue((run.stdout() + run.stderr()).contains("CHAP_R"), run::describe);
    }

    @Test
    void discoveryUsesTheGlobalAccounts() {
        ToolRun allowed = libiscsi.run(Libiscsi.Tool.ISCSI_LS, TIMEOUT,
                "iscsi://discoverer%discoverysecret1@" + daemon.portal());
        assertEquals(0, allowed.exitCode(), allowed::describe);
        assertTrue(allowed.stdout().contains("Target:" + IQN), allowed::describe);
        ToolRun refused = libiscsi.run(Libiscsi.Tool.ISCSI_LS, TIMEOUT, "iscsi://" + daemon.portal());
        assertNotEquals(0, refused.exitCode(), refused::describe);
        assertTrue(!refused.stdout().contains(IQN), "no target name leaks to an unauthenticated discovery");
    }
}
