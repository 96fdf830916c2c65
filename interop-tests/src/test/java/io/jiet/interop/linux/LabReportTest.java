package io.jiet.interop.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lab's output parser and expected WWID, on text captured from a real run (no guest needed). */
class LabReportTest {

    private static final String CAPTURED = """
            lab: target iqn.2026-11.io.jiet:lab, portal1 127.0.0.1:3290 = guest 10.0.2.101:3290, portal2 ...
            lab: TCG, 2 vCPUs, 1024 MiB, limit 480 s, console /tmp/labt/console2.log
            PASS boot             user space after 13.75 s (t=13.82)
            PASS discovery        both portals answer SendTargets and advertise both portals (TPGT 1, 1) (t=23.32)
            PASS wwid             scsi_id prints 149455400000000006a6965746c6162303030303030303031 on both paths
            SKIP rtpg             ALUA checks off (sg_rtpg exit 5) (t=36.33)
            PASS failover:logout  fio clean across logout of portal1, 1 path(s) ready after (t=107.38)
            FAIL restore:drop     portal1 path not back within 60 s (t=181.47)
            timing: guest user space after 20 s, whole run 188 s (TCG)
            RESULT: FAIL (1 failed step(s)) console: /tmp/labt/console2.log
            """;

    @Test
    void stepsOutcomesTimingAndResult() {
        LabReport report = LabReport.parse(CAPTURED);
        assertEquals(6, report.steps().size());
        assertEquals(Optional.of(LabReport.Outcome.PASS), report.outcome("failover:logout"));
        assertEquals(Optional.of(LabReport.Outcome.SKIP), report.outcome("rtpg"));
        assertEquals(Optional.of(LabReport.Outcome.FAIL), report.outcome("restore:drop"));
        assertEquals(Optional.empty(), report.outcome("fio"));
        assertEquals("portal1 path not back within 60 s (t=181.47)", report.steps().get("restore:drop").detail());
        assertEquals(Optional.of("guest user space after 20 s, whole run 188 s (TCG)"), report.timing());
        assertFalse(report.passed());
        assertTrue(LabReport.parse("RESULT: PASS (passed=15 failed=0 skipped=3)").passed());
        assertFalse(LabReport.parse("lab: nothing ran").passed());
    }

    @Test
    void ietWwidMatchesTheSeedReport() {
        // seed-deployments.md: ScsiId=149455403f160c00 -> scsi_id 1494554000000000031343934353534303366313630633030
        assertEquals("1494554000000000031343934353534303366313630633030",
                LinuxMultipathLabTest.ietWwid("149455403f160c00"));
        assertEquals("149455400000000006a6965746c6162303000000000000000", LinuxMultipathLabTest.ietWwid("jietlab00"));
    }
}
