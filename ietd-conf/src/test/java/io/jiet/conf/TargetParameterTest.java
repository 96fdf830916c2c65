package io.jiet.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetParameterTest {

    @Test
    void keywordsAreCaseInsensitive() {
        assertEquals(Optional.of(TargetParameter.MAX_RECV_DATA_SEGMENT_LENGTH),
                TargetParameter.forKeyword("maxrecvdatasegmentlength"));
        assertEquals(Optional.of(TargetParameter.NOP_INTERVAL), TargetParameter.forKeyword("NOPINTERVAL"));
        assertEquals(Optional.empty(), TargetParameter.forKeyword("Alias"));
    }

    @Test
    void applyToChangesOnlyThatKey() {
        TargetParameters p = TargetParameter.DATA_DIGEST.applyTo(TargetParameters.IET_DEFAULTS, "crc32c,none");
        assertEquals(List.of("CRC32C", "None"), p.dataDigest());
        assertEquals(TargetParameters.IET_DEFAULTS, TargetParameter.DATA_DIGEST.applyTo(p, "None"));
        TargetParameters q = TargetParameter.MAX_BURST_LENGTH.applyTo(p, "1024");
        assertEquals(1024, q.maxBurstLength());
        assertEquals(p.firstBurstLength(), q.firstBurstLength());
        assertEquals(p.dataDigest(), q.dataDigest());
    }

    @Test
    void applyToExplainsRefusals() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TargetParameter.QUEUED_COMMANDS.applyTo(TargetParameters.IET_DEFAULTS, "257"));
        assertEquals("QueuedCommands 257 is out of range 1..256", e.getMessage());
    }

    @Test
    void markersAcceptAnythingAndChangeNothing() {
        for (TargetParameter marker : List.of(TargetParameter.OF_MARKER, TargetParameter.IF_MARKER,
                TargetParameter.OF_MARK_INT, TargetParameter.IF_MARK_INT)) {
            assertTrue(marker.ignored());
            assertEquals(TargetParameters.IET_DEFAULTS, marker.applyTo(TargetParameters.IET_DEFAULTS, "Yes"));
        }
    }

    @Test
    void defaultsAreIets() {
        // usr/param.c session_keys and target_keys defaults, plus the man page's NOP defaults.
        TargetParameters d = TargetParameters.IET_DEFAULTS;
        assertEquals(List.of(1, 0, 8192, 8192, 262144, 65536, 2, 20, 1, 0, 8, 32, 0, 0),
                List.of(d.maxConnections(), d.maxSessions(), d.maxRecvDataSegmentLength(),
                        d.maxXmitDataSegmentLength(), d.maxBurstLength(), d.firstBurstLength(), d.defaultTime2Wait(),
                        d.defaultTime2Retain(), d.maxOutstandingR2T(), d.errorRecoveryLevel(), d.wthreads(),
                        d.queuedCommands(), d.nopInterval(), d.nopTimeout()));
        assertEquals(List.of(true, true, true, true),
                List.of(d.initialR2T(), d.immediateData(), d.dataPduInOrder(), d.dataSequenceInOrder()));
    }
}
