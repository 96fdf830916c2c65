package io.jiet.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.conf.AsymmetricAccessState;
import io.jiet.scsi.ItNexus;
import io.jiet.scsi.LogicalUnit;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.server.login.LoginStatus;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JietMetricsTest {

    private static final ItNexus NEXUS = new ItNexus("iqn.i,i,0x000000000001", "iqn.t,t,0x0001", 1, 1);

    /** A logical unit that answers GOOD with the CDB's transfer length of 512-byte blocks, or what it is told. */
    private static final class ScriptedUnit implements LogicalUnit {
        final List<ScsiRequest> seen = new ArrayList<>();
        ScsiResult next;
        boolean closed;

        @Override
        public ScsiResult execute(ScsiRequest request) {
            seen.add(request);
            if (next != null) {
                return next;
            }
            int blocks = ((request.cdb()[7] & 0xFF) << 8) | (request.cdb()[8] & 0xFF);
            return ScsiResult.good(ByteBuffer.allocate(0), blocks * 512);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static ScsiRequest cdb10(int opcode, int blocks) {
        byte[] cdb = new byte[10];
        cdb[0] = (byte) opcode;
        cdb[7] = (byte) (blocks >> 8);
        cdb[8] = (byte) blocks;
        return new ScsiRequest(NEXUS, 0, cdb, ByteBuffer.allocate(0), 0);
    }

    /** The value of the sample {@code name{labels}} in an exposition, or empty. */
    static Optional<Double> sample(String exposition, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{" + Pattern.quote(labels) + "\\} (\\S+)$")
                .matcher(exposition);
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }

    @Test
    void readsAndWritesAreCountedPerLunWithTheirBytes() {
        try (JietMetrics metrics = new JietMetrics()) {
            ScriptedUnit unit = new ScriptedUnit();
            LogicalUnit metered = metrics.meter("iqn.t", 3, unit);
            metered.execute(cdb10(0x2A, 8));    // WRITE(10), 4 KiB
            metered.execute(cdb10(0x2A, 128));  // WRITE(10), 64 KiB
            metered.execute(cdb10(0x28, 16));   // READ(10), 8 KiB
            metered.execute(cdb10(0x00, 0));    // TEST UNIT READY
            unit.next = ScsiResult.checkCondition(Sense.WRITE_PROTECTED);
            metered.execute(cdb10(0x2A, 8));    // refused: counted as a write error, no bytes

            assertEquals(5, unit.seen.size(), "every command reaches the unit");
            String text = metrics.scrape();
            String rw = "lun=\"3\",op=\"write\",target=\"iqn.t\"";
            assertEquals(Optional.of(3.0), sample(text, "jiet_lun_commands_total", rw));
            assertEquals(Optional.of(1.0), sample(text, "jiet_lun_command_errors_total", rw));
            assertEquals(Optional.of((8 + 128) * 512.0),
                    sample(text, "jiet_lun_write_bytes_total", "lun=\"3\",target=\"iqn.t\""));
            assertEquals(Optional.of(16 * 512.0),
                    sample(text, "jiet_lun_read_bytes_total", "lun=\"3\",target=\"iqn.t\""));
            assertEquals(Optional.of(1.0), sample(text, "jiet_lun_commands_total",
                    "lun=\"3\",op=\"other\",target=\"iqn.t\""));
            assertEquals(Optional.of(3.0), sample(text, "jiet_lun_command_seconds_count", rw));
            assertEquals(Optional.of(3.0), sample(text, "jiet_lun_command_seconds_bucket",
                    "lun=\"3\",op=\"write\",target=\"iqn.t\",le=\"+Inf\""));
            assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics are exported");

            metered.close();
            assertTrue(unit.closed, "closing the metered unit closes the real one");
            metrics.forget(metered);
            assertFalse(metrics.scrape().contains("target=\"iqn.t\""), "a removed LUN's series disappear");
        }
    }

    @Test
    void loginFailuresAreCountedByReasonAndRedirectsApart() {
        try (JietMetrics metrics = new JietMetrics()) {
            InetSocketAddress from = new InetSocketAddress("127.0.0.1", 40000);
            metrics.loginFailed(LoginStatus.AUTHENTICATION_FAILURE, from);
            metrics.loginFailed(LoginStatus.AUTHENTICATION_FAILURE, from);
            metrics.loginFailed(LoginStatus.NOT_FOUND, from);
            metrics.loginFailed(LoginStatus.TARGET_MOVED_TEMPORARILY, from);
            String text = metrics.scrape();
            assertEquals(Optional.of(2.0), sample(text, "jiet_login_failures_total",
                    "reason=\"authentication_failure\""));
            assertEquals(Optional.of(1.0), sample(text, "jiet_login_failures_total", "reason=\"not_found\""));
            assertTrue(text.contains("\njiet_login_redirects_total 1.0\n"), text);
            assertFalse(text.contains("reason=\"target_moved_temporarily\""));
        }
    }

    @Test
    void aluaStatesAreGaugedWithTheirSpc4Code() {
        try (JietMetrics metrics = new JietMetrics()) {
            metrics.aluaState("iqn.t", 1, AsymmetricAccessState.ACTIVE_OPTIMIZED);
            metrics.aluaState("iqn.t", 2, AsymmetricAccessState.STANDBY);
            metrics.aluaState("iqn.t", 2, AsymmetricAccessState.TRANSITIONING);
            String text = metrics.scrape();
            assertEquals(Optional.of(0.0), sample(text, "jiet_alua_state", "group=\"1\",target=\"iqn.t\""));
            assertEquals(Optional.of(15.0), sample(text, "jiet_alua_state", "group=\"2\",target=\"iqn.t\""));
        }
    }

    @Test
    void theWrapperKeepsTheResultItself() {
        try (JietMetrics metrics = new JietMetrics()) {
            ScriptedUnit unit = new ScriptedUnit();
            ScsiResult answer = ScsiResult.good(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            unit.next = answer;
            assertSame(answer, metrics.meter("iqn.t", 0, unit).execute(cdb10(0x12, 0)));
        }
    }
}
