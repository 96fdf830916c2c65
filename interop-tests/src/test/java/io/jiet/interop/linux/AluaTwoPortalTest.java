package io.jiet.interop.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jiet.interop.harness.Libiscsi;
import io.jiet.interop.harness.RepositoryLayout;
import io.jiet.interop.harness.ToolRun;
import io.jiet.interop.initiator.Cdb;
import io.jiet.interop.initiator.InitiatorSession;
import io.jiet.interop.initiator.LoginRequest;
import io.jiet.interop.initiator.ScsiResult;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's acceptance without a guest: jietd with issue 5's configuration shape on two loopback portals
 * (127.0.0.1:P and 127.0.0.2:P, P from 3320-3329), group 1 active/optimized and preferred on the first, group 2
 * standby on the second, LUN 0 plain ALUA and LUN 1 {@code Rdac=yes} with an IBM 1815 identity. Commands go through
 * the raw initiator (libiscsi's tools send TEST UNIT READY at login, which a standby port refuses), the TPGS check
 * also through libiscsi's {@code iscsi-inq} on the active portal.
 * <p>
 * One daemon for the whole class; the tests that change states ({@link #setTargetPortGroupsMovesTheOptimizedPath})
 * restore them. Threading: JUnit's single test thread.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AluaTwoPortalTest {

    private static final String TARGET = "iqn.2026-11.io.jiet:array";
    private static final String HOST_1 = "127.0.0.1";
    private static final String HOST_2 = "127.0.0.2";
    private static final int FIRST_PORT = 3320;
    private static final int LAST_PORT = 3329;
    private static final int BLOCKS = 2048;

    private Path dir;
    private Path control;
    private Process daemon;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        this.dir = dir;
        Optional<Integer> free = IntStream.rangeClosed(FIRST_PORT, LAST_PORT)
                .filter(p -> bindable(HOST_1, p) && bindable(HOST_2, p)).boxed().findFirst();
        assumeTrue(free.isPresent(), "no port of 3320-3329 free on 127.0.0.1 and 127.0.0.2");
        port = free.get();
        for (String name : List.of("lun0.img", "lun1.img")) {
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve(name).toFile(), "rw")) {
                f.setLength(BLOCKS * 512L);
            }
        }
        String config = """
                Portal %1$s:%3$d
                Portal %2$s:%3$d
                Target %4$s
                    Alua both
                    TargetPortGroup 1 Portals=%1$s:%3$d State=active-optimized Preferred=yes
                    TargetPortGroup 2 Portals=%2$s:%3$d State=standby
                    Lun 0 Path=%5$s,Type=fileio,ScsiId=array0001
                    Lun 1 Path=%6$s,Type=fileio,ScsiId=array0002,VendorId=IBM,ProductId=1815,Rdac=yes
                """.formatted(HOST_1, HOST_2, port, TARGET, dir.resolve("lun0.img"), dir.resolve("lun1.img"));
        Path conf = dir.resolve("ietd.conf");
        java.nio.file.Files.writeString(conf, config);
        control = dir.resolve("jietd.sock");
        ProcessBuilder builder = new ProcessBuilder(RepositoryLayout.jietd().toString(), "-f", "-c", conf.toString(),
                "--control", control.toString())
                .directory(RepositoryLayout.root().toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("jietd.log").toFile());
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        daemon = builder.start();
        awaitListening(List.of(new InetSocketAddress(HOST_1, port), new InetSocketAddress(HOST_2, port)));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            if (!daemon.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
    }

    private void awaitListening(List<InetSocketAddress> portals) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (InetSocketAddress portal : portals) {
            while (true) {
                assertTrue(daemon.isAlive(), () -> "jietd exited\n" + logTail(40));
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(portal, 200);
                    break;
                } catch (IOException notYet) {
                    assertTrue(System.nanoTime() < deadline, () -> "not listening on " + portal + "\n" + logTail(40));
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
    }

    private String logTail(int lines) {
        try {
            List<String> all = java.nio.file.Files.readAllLines(dir.resolve("jietd.log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** bin/jietadm --control SOCKET args...; returns its output, failing on a non-zero exit. */
    private String jietadm(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(RepositoryLayout.root().resolve("bin/jietadm").toString(),
                "--control", control.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + "\n" + out);
        return out;
    }

    @Test
    void jietadmChangesGroupStatesAndRdacOwnership() throws Exception {
        try (InitiatorSession active = login(HOST_1); InitiatorSession standby = login(HOST_2)) {
            assertSense(standby.read(0, Cdb.read10(0, 1), 512), 0x2, 0x040B);
            good(active.read(0, Cdb.read10(0, 1), 512));
            jietadm("--op", "update", "--tid", "1", "--tpg", "2", "--params", "State=unavailable");
            assertSense(standby.read(0, Cdb.read10(0, 1), 512), 0x6, 0x2A06);
            assertSense(standby.read(0, Cdb.read10(0, 1), 512), 0x2, 0x040C);
            assertSense(active.read(0, Cdb.read10(0, 1), 512), 0x6, 0x2A06, "administrative: every nexus");
            jietadm("--op", "update", "--tid", "1", "--tpg", "2", "--params", "State=standby");
            assertSense(standby.read(0, Cdb.read10(0, 1), 512), 0x6, 0x2A06);
            assertSense(standby.read(0, Cdb.read10(0, 1), 512), 0x2, 0x040B);
            assertSense(active.read(0, Cdb.read10(0, 1), 512), 0x6, 0x2A06);
            good(active.read(0, Cdb.read10(0, 1), 512));
            // RDAC ownership of LUN 1 to group 2, and back.
            assertSense(standby.read(1, Cdb.read10(0, 1), 512), 0x5, 0x9401);
            jietadm("--op", "update", "--tid", "1", "--tpg", "2", "--params", "Owner=yes");
            good(standby.read(1, Cdb.read10(0, 1), 512));
            assertSense(active.read(1, Cdb.read10(0, 1), 512), 0x5, 0x9401);
            jietadm("--op", "update", "--tid", "1", "--tpg", "1", "--params", "Owner=yes");
            good(active.read(1, Cdb.read10(0, 1), 512));
            assertTrue(logTail(400).contains("target port group 2 -> unavailable"), () -> logTail(40));
        }
    }

    private InitiatorSession login(String host) throws IOException {
        return InitiatorSession.login(host, port, LoginRequest.normal(TARGET));
    }

    @Test
    void iscsiInqReportsTpgsBothAndMultiPort() {
        Libiscsi libiscsi = Libiscsi.require(Libiscsi.Tool.ISCSI_INQ);
        ToolRun run = libiscsi.run(Libiscsi.Tool.ISCSI_INQ, Duration.ofSeconds(30),
                "iscsi://" + HOST_1 + ":" + port + "/" + TARGET + "/0");
        assertEquals(0, run.exitCode(), () -> run.describe() + "\n" + logTail(30));
        assertTrue(run.stdout().contains("TPGS:3"), run::describe);
        assertTrue(run.stdout().contains("MultiP:1"), run::describe);
    }

    @Test
    void inquiryThroughTheStandbyPortal() throws IOException {
        try (InitiatorSession standby = login(HOST_2)) {
            byte[] lun0 = good(standby.read(0, Cdb.inquiry(false, 0, 96), 96));
            assertEquals(0x30, lun0[5] & 0x30, "TPGS 3 (implicit and explicit)");
            assertEquals(0x10, lun0[6] & 0x10, "MultiP");
            byte[] lun1 = good(standby.read(1, Cdb.inquiry(false, 0, 96), 96));
            assertEquals(0, lun1[5] & 0x30, "an RDAC LU announces TPGS 0");
            assertEquals("IBM     1815            ", new String(lun1, 8, 24, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void reportTargetPortGroupsShowsTheConfiguredStates() throws IOException {
        try (InitiatorSession standby = login(HOST_2)) {
            byte[] data = good(standby.read(0, reportTargetPortGroups(0, 512), 512));
            List<int[]> groups = rtpgDescriptors(data, 4);
            assertEquals(2, groups.size());
            // {PREF|state, id, ports...}
            assertEquals(0x80, groups.get(0)[0] & 0x80, "group 1 is preferred");
            assertEquals(0x0, groups.get(0)[0] & 0x0F, "group 1 active/optimized");
            assertEquals(1, groups.get(0)[1]);
            assertArrayEquals(new int[] {1}, Arrays.copyOfRange(groups.get(0), 2, groups.get(0).length));
            assertEquals(0x2, groups.get(1)[0] & 0x0F, "group 2 standby");
            assertEquals(2, groups.get(1)[1]);
            assertArrayEquals(new int[] {2}, Arrays.copyOfRange(groups.get(1), 2, groups.get(1).length));
            byte[] extended = good(standby.read(0, reportTargetPortGroups(1, 512), 512));
            assertEquals(0x10, extended[4] & 0x70, "extended header format");
            assertEquals(groups.size(), rtpgDescriptors(extended, 8).size());
        }
    }

    @Test
    void mediaAccessThroughTheStandbyPortalIsRefused() throws IOException {
        try (InitiatorSession standby = login(HOST_2)) {
            assertSense(standby.read(0, Cdb.read10(0, 1), 512), 0x2, 0x040B);
            assertSense(standby.command(0, Cdb.testUnitReady()), 0x2, 0x040B);
            // The RDAC LU is owned by the preferred group 1: through group 2 it is not the owner (plain RDAC).
            assertSense(standby.read(1, Cdb.read10(0, 1), 512), 0x5, 0x9401);
        }
        try (InitiatorSession active = login(HOST_1)) {
            good(active.read(0, Cdb.read10(0, 1), 512));
            good(active.read(1, Cdb.read10(0, 1), 512));
        }
    }

    @Test
    void deviceIdentificationAddsTheTargetPortAfterIetsDesignator() throws IOException {
        try (InitiatorSession standby = login(HOST_2)) {
            byte[] page = good(standby.read(0, Cdb.inquiry(true, 0x83, 512), 512));
            List<byte[]> designators = designators(page);
            assertEquals(1, designators.getFirst()[1] & 0x0F, "IET's T10 vendor designator first");
            assertEquals(0, designators.getFirst()[1] & 0x30, "of the logical unit");
            byte[] relative = find(designators, 4);
            assertEquals(0x10, relative[1] & 0x30, "associated with the target port");
            assertEquals(0x80, relative[1] & 0x80, "PIV");
            assertEquals(0x5, (relative[0] & 0xF0) >> 4, "iSCSI");
            assertEquals(2, u16(relative, 6), "relative target port 2 (the second portal)");
            assertEquals(2, u16(find(designators, 5), 6), "target port group 2");
            String name = new String(find(designators, 8), 4, find(designators, 8)[3], StandardCharsets.UTF_8);
            assertTrue(name.startsWith(TARGET + ",t,0x0002"), name);
        }
    }

    @Test
    void rdacVendorPagesCarryTheirSignatures() throws IOException {
        try (InitiatorSession standby = login(HOST_2); InitiatorSession active = login(HOST_1)) {
            byte[] supported = good(standby.read(1, Cdb.inquiry(true, 0x00, 255), 255));
            List<Integer> codes = new ArrayList<>();
            for (int i = 4; i < 4 + supported[3]; i++) {
                codes.add(supported[i] & 0xFF);
            }
            assertTrue(codes.containsAll(List.of(0xC2, 0xC4, 0xC8, 0xC9)), codes::toString);
            for (int[] page : new int[][] {{0xC2, 's', 'w', 'r', '4'}, {0xC4, 's', 'u', 'b', 's'},
                {0xC8, 'e', 'd', 'i', 'd'}, {0xC9, 'v', 'a', 'c', '1'}}) {
                byte[] data = good(standby.read(1, Cdb.inquiry(true, page[0], 255), 255));
                assertEquals(page[0], data[1] & 0xFF);
                String signature = new String(new char[] {(char) page[1], (char) page[2], (char) page[3],
                    (char) page[4]});
                assertEquals(signature, new String(data, 4, 4, StandardCharsets.US_ASCII));
            }
            byte[] c8Standby = good(standby.read(1, Cdb.inquiry(true, 0xC8, 255), 255));
            byte[] c8Active = good(active.read(1, Cdb.inquiry(true, 0xC8, 255), 255));
            assertArrayEquals(Arrays.copyOfRange(c8Active, 89, 106), Arrays.copyOfRange(c8Standby, 89, 106),
                    "the array id is the same on every portal");
            assertEquals(1, c8Active[174], "LUN 1");
            byte[] c9Active = good(active.read(1, Cdb.inquiry(true, 0xC9, 255), 255));
            byte[] c9Standby = good(standby.read(1, Cdb.inquiry(true, 0xC9, 255), 255));
            assertEquals(1, c9Active[8] & 0x01, "group 1 owns the RDAC LU");
            assertEquals(0, c9Standby[8] & 0x01, "group 2 does not");
            assertEquals(1, c9Active[9] & 0x0F, "preferred path");
            byte[] c4Active = good(active.read(1, Cdb.inquiry(true, 0xC4, 255), 255));
            byte[] c4Standby = good(standby.read(1, Cdb.inquiry(true, 0xC4, 255), 255));
            assertEquals('1', c4Active[29], "controller 0 in slot '1'");
            assertEquals('2', c4Standby[29]);
        }
    }

    @Test
    void setTargetPortGroupsMovesTheOptimizedPath() throws IOException {
        try (InitiatorSession active = login(HOST_1); InitiatorSession standby = login(HOST_2)) {
            good(active.read(0, Cdb.read10(0, 1), 512));
            assertSense(standby.read(0, Cdb.read10(0, 1), 512), 0x2, 0x040B);
            // Through portal 1: group 2 active/optimized, group 1 unavailable.
            good(stpg(active, 0x0, 2, 0x3, 1));
            // The sender gets no unit attention; its portal is now unavailable.
            assertSense(active.read(0, Cdb.read10(0, 1), 512), 0x2, 0x040C);
            // Every other I_T nexus is told once (2A/06), then the former standby portal serves.
            assertSense(standby.read(0, Cdb.read10(0, 1), 512), 0x6, 0x2A06);
            good(standby.read(0, Cdb.read10(0, 1), 512));
            byte[] rtpg = good(standby.read(0, reportTargetPortGroups(0, 512), 512));
            List<int[]> groups = rtpgDescriptors(rtpg, 4);
            assertEquals(0x3, groups.get(0)[0] & 0x0F, "group 1 unavailable");
            assertEquals(0x0, groups.get(1)[0] & 0x0F, "group 2 active/optimized");
            assertEquals(0x01, rtpg[4 + 5] & 0x0F, "status: altered by SET TARGET PORT GROUPS");
            // Offline cannot be requested: 05/26/00.
            assertSense(stpg(standby, 0xE, 1), 0x5, 0x2600);
            // Back to the configuration, through portal 2 this time.
            good(stpg(standby, 0x0, 1, 0x2, 2));
            assertSense(active.read(0, Cdb.read10(0, 1), 512), 0x6, 0x2A06);
            good(active.read(0, Cdb.read10(0, 1), 512));
            assertSense(standby.read(0, Cdb.read10(0, 1), 512), 0x2, 0x040B);
        }
    }

    // ---- CDBs and parsing ------------------------------------------------------------------------------------

    /** MAINTENANCE IN, service action 0Ah, PARAMETER DATA FORMAT in byte 1 bits 7-5 (SPC-4 §6.37). */
    static byte[] reportTargetPortGroups(int format, int allocation) {
        byte[] cdb = new byte[12];
        cdb[0] = (byte) 0xA3;
        cdb[1] = (byte) (format << 5 | 0x0A);
        cdb[6] = (byte) (allocation >>> 24);
        cdb[7] = (byte) (allocation >>> 16);
        cdb[8] = (byte) (allocation >>> 8);
        cdb[9] = (byte) allocation;
        return cdb;
    }

    /** MAINTENANCE OUT, service action 0Ah, PARAMETER LIST LENGTH in bytes 6-9 (SPC-4 §6.44). */
    static byte[] setTargetPortGroups(byte[] list) {
        byte[] cdb = new byte[12];
        cdb[0] = (byte) 0xA4;
        cdb[1] = 0x0A;
        cdb[8] = (byte) (list.length >>> 8);
        cdb[9] = (byte) list.length;
        return cdb;
    }

    private static ScsiResult stpg(InitiatorSession session, int... stateGroupPairs) throws IOException {
        byte[] list = stpgList(stateGroupPairs);
        return session.write(0, setTargetPortGroups(list), list);
    }

    /** Four reserved bytes, then (state, group) pairs as 4-byte descriptors. */
    static byte[] stpgList(int... stateGroupPairs) {
        byte[] list = new byte[4 + 2 * stateGroupPairs.length];
        for (int i = 0; i < stateGroupPairs.length; i += 2) {
            int at = 4 + 2 * i;
            list[at] = (byte) stateGroupPairs[i];
            list[at + 2] = (byte) (stateGroupPairs[i + 1] >>> 8);
            list[at + 3] = (byte) stateGroupPairs[i + 1];
        }
        return list;
    }

    /** Each descriptor as {byte 0, group id, relative port ids...}. */
    static List<int[]> rtpgDescriptors(byte[] data, int headerLength) {
        int end = Math.min(data.length, 4 + ((data[0] & 0xFF) << 24 | (data[1] & 0xFF) << 16
                | (data[2] & 0xFF) << 8 | data[3] & 0xFF));
        List<int[]> out = new ArrayList<>();
        for (int at = headerLength; at + 8 <= end; ) {
            int count = data[at + 7] & 0xFF;
            int[] d = new int[2 + count];
            d[0] = data[at] & 0xFF;
            d[1] = u16(data, at + 2);
            for (int i = 0; i < count; i++) {
                d[2 + i] = u16(data, at + 8 + 4 * i + 2);
            }
            out.add(d);
            at += 8 + 4 * count;
        }
        return out;
    }

    static List<byte[]> designators(byte[] page) {
        List<byte[]> out = new ArrayList<>();
        int end = 4 + u16(page, 2);
        for (int at = 4; at + 4 <= end; at += 4 + (page[at + 3] & 0xFF)) {
            out.add(Arrays.copyOfRange(page, at, at + 4 + (page[at + 3] & 0xFF)));
        }
        return out;
    }

    private static byte[] find(List<byte[]> designators, int type) {
        return designators.stream().filter(d -> (d[1] & 0x0F) == type).findFirst()
                .orElseThrow(() -> new AssertionError("no designator of type " + type));
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    private byte[] good(ScsiResult result) {
        assertTrue(result.good(), () -> result + "\n" + logTail(20));
        return result.data();
    }

    private void assertSense(ScsiResult result, int key, int ascAscq, String why) {
        assertEquals(ScsiResult.CHECK_CONDITION, result.status(), () -> why + ": " + result);
        assertEquals(key, result.senseKey(), () -> why + ": " + result);
        assertEquals(ascAscq, result.additionalSense(), () -> why + ": " + result);
    }

    private void assertSense(ScsiResult result, int key, int ascAscq) {
        assertEquals(ScsiResult.CHECK_CONDITION, result.status(), result::toString);
        assertEquals(key, result.senseKey(), result::toString);
        assertEquals(ascAscq, result.additionalSense(), result::toString);
    }

    private static boolean bindable(String host, int p) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(host, p));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
