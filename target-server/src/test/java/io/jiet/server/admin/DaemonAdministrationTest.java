package io.jiet.server.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.conf.IetdConfigParser;
import io.jiet.conf.PortalAddress;
import io.jiet.pdu.LoginResponse;
import io.jiet.pdu.TargetPdu;
import io.jiet.server.JietDaemon;
import io.jiet.server.TestInitiator;
import io.jiet.server.login.NegotiatedParameters;
import io.jiet.server.session.Session;
import io.jiet.server.session.SessionConnection;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jietadm against a running daemon: the control socket, runtime changes seen by real logins, the busy-target
 * rules, the session view, reload and save.
 */
class DaemonAdministrationTest {
    private static final String FIRST = "iqn.2026-11.io.jiet:first";
    private static final String ADDED = "iqn.2026-11.io.jiet:added";

    @TempDir
    Path dir;
    private JietDaemon daemon;
    private Path config;
    private Path control;

    /** jietadm's exit status and what it printed. */
    record Run(int status, String out, String err) {
    }

    private Run jietadm(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        all[0] = "--control";
        all[1] = control.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int status = Jietadm.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run ok(String... args) {
        Run run = jietadm(args);
        assertEquals(0, run.status(), () -> String.join(" ", args) + " -> " + run);
        return run;
    }

    private Path image(String name) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(4L << 20);
        }
        return file;
    }

    private JietDaemon start(String text) throws Exception {
        config = dir.resolve("ietd.conf");
        Files.writeString(config, text);
        control = dir.resolve("run/jietd.sock");
        daemon = JietDaemon.start(IetdConfigParser.parse(config), List.of(new PortalAddress("127.0.0.1", 0)),
                new JietDaemon.Services(Optional.of(config), Optional.of(control), true, Optional.empty()));
        return daemon;
    }

    private JietDaemon startWithOneTarget() throws Exception {
        return start("# lab\nTarget " + FIRST + "\n    Lun 0 Path=" + image("first.img") + ",Type=fileio\n");
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private TestInitiator login(String target, long isid) throws IOException {
        TestInitiator initiator = new TestInitiator(daemon.boundPortals().getFirst());
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("InitiatorName", TestInitiator.INITIATOR_NAME);
        keys.put("TargetName", target);
        keys.put("ImmediateData", "Yes");
        LoginResponse response = initiator.login(isid, keys);
        assertEquals(0, response.statusClass(), () -> "login to " + target + ": " + response);
        return initiator;
    }

    private LoginResponse tryLogin(String target) throws IOException {
        try (TestInitiator initiator = new TestInitiator(daemon.boundPortals().getFirst())) {
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("InitiatorName", TestInitiator.INITIATOR_NAME);
            keys.put("TargetName", target);
            keys.put("ImmediateData", "Yes");
            return initiator.login(0x99, keys);
        }
    }

    @Test
    void controlSocketIsOwnerOnly() throws Exception {
        startWithOneTarget();
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(control.getParent())));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(control)));
        assertEquals(Optional.of(control.toAbsolutePath()), daemon.controlSocket());
    }

    @Test
    void aTargetAndLunAddedAtRunTimeServeLogins() throws Exception {
        startWithOneTarget();
        assertEquals("tid:2\n", ok("--op", "new", "--tid=0", "--params", "Name=" + ADDED).out());
        ok("--op", "new", "--tid=2", "--lun=0", "--params", "Type=nullio,Blocks=8192");
        assertEquals("tid:1 name:" + FIRST + "\n"
                + "\tlun:0 state:0 iotype:fileio iomode:wt blocks:8192 blocksize:512 path:" + dir.resolve("first.img")
                + "\n" + "tid:2 name:" + ADDED + "\n"
                + "\tlun:0 state:0 iotype:nullio iomode:wt blocks:8192 blocksize:512\n",
                ok("--op", "show", "--volumes").out());
        try (TestInitiator initiator = login(ADDED, 0x10)) {
            assertEquals(0, initiator.write10(0, new byte[4096], initiator.cmdSN++));
        }
        Run taken = jietadm("--op", "new", "--tid=2", "--params", "Name=iqn.2026-11.io.jiet:other");
        assertEquals(1, taken.status());
        assertTrue(taken.err().contains("tid 2 is already used by " + ADDED), taken.err());
        Run badLun = jietadm("--op", "new", "--tid=2", "--lun=1", "--params", "Type=fileio");
        assertEquals(1, badLun.status());
        assertTrue(badLun.err().contains("Type=fileio needs Path="), badLun.err());
    }

    @Test
    void loggedInInitiatorsLearnOfANewLunThroughAUnitAttentionAndMetricsCountIt() throws Exception {
        config = dir.resolve("ietd.conf");
        Files.writeString(config, "Target " + FIRST + "\n    Lun 0 Path=" + image("first.img") + ",Type=fileio\n");
        control = dir.resolve("run/jietd.sock");
        daemon = JietDaemon.start(IetdConfigParser.parse(config), List.of(new PortalAddress("127.0.0.1", 0)),
                new JietDaemon.Services(Optional.of(config), Optional.of(control), true,
                        Optional.of(new InetSocketAddress("127.0.0.1", 0))));
        try (TestInitiator initiator = login(FIRST, 0x50)) {
            assertEquals(0, initiator.write10(0, new byte[4096], initiator.cmdSN++));
            ok("--op", "new", "--tid=1", "--lun=1", "--params", "Type=nullio");
            // SPC-4 §6.33: the next command gets CHECK CONDITION (REPORTED LUNS DATA HAS CHANGED), then runs.
            assertEquals(2, initiator.write10(0, new byte[512], initiator.cmdSN++));
            assertEquals(0, initiator.write10(0, new byte[512], initiator.cmdSN++));
            assertEquals(Optional.of(1.0), io.jiet.server.metrics.JietMetricsTestAccess.sample(
                    daemon.metrics().orElseThrow().scrape(), "jiet_sessions", "target=\"" + FIRST + "\""));
        }
        String metrics = daemon.metrics().orElseThrow().scrape();
        assertEquals(Optional.of(4096.0 + 512), io.jiet.server.metrics.JietMetricsTestAccess.sample(metrics,
                "jiet_lun_write_bytes_total", "lun=\"0\",target=\"" + FIRST + "\""));
        assertEquals(Optional.of(1.0), io.jiet.server.metrics.JietMetricsTestAccess.sample(metrics,
                "jiet_lun_command_errors_total", "lun=\"0\",op=\"write\",target=\"" + FIRST + "\""));
    }

    /** TEST UNIT READY; returns the response's sense key, ASC and ASCQ, or null for GOOD. */
    private static int[] testUnitReadySense(TestInitiator initiator) throws IOException {
        initiator.send(new io.jiet.pdu.ScsiCommand(false, true, false, false, 1, 0, initiator.itt++, 0,
                initiator.cmdSN++, initiator.expStatSN, new byte[16], 0, io.netty.buffer.Unpooled.EMPTY_BUFFER));
        io.jiet.pdu.ScsiResponse response = (io.jiet.pdu.ScsiResponse) initiator.receive();
        initiator.expStatSN = response.statSN() + 1;
        if (response.status() == 0) {
            return null;
        }
        io.netty.buffer.ByteBuf data = response.data();
        int at = data.readerIndex() + 2; // SenseLength first (RFC 7143 §11.4.7.2), fixed-format sense after it
        return new int[] {data.getByte(at + 2) & 0x0F, data.getByte(at + 12) & 0xFF, data.getByte(at + 13) & 0xFF};
    }

    @Test
    void aRescanAfterTheBackingFileGrewTellsLoggedInHostsTheCapacityChanged() throws Exception {
        startWithOneTarget();
        try (TestInitiator initiator = login(FIRST, 0x60)) {
            assertNull(testUnitReadySense(initiator));
            assertEquals("blocks:8192\n", ok("--op", "update", "--tid=1", "--lun=0").out());
            assertNull(testUnitReadySense(initiator), "an unchanged size changes nothing");
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve("first.img").toFile(), "rw")) {
                f.setLength(8L << 20);
            }
            assertEquals("blocks:16384\n", ok("--op", "update", "--tid=1", "--lun=0").out());
            // SBC-3 §4.6: UNIT ATTENTION, CAPACITY DATA HAS CHANGED, once.
            assertArrayEquals(new int[] {0x6, 0x2A, 0x09}, testUnitReadySense(initiator));
            assertNull(testUnitReadySense(initiator));
        }
        Run absent = jietadm("--op", "update", "--tid=1", "--lun=7");
        assertEquals(1, absent.status());
        assertTrue(absent.err().contains("has no LUN 7"), absent.err());
    }

    @Test
    void aBusyTargetOrLunIsRefusedUnlessForced() throws Exception {
        startWithOneTarget();
        try (TestInitiator initiator = login(FIRST, 0x20)) {
            Run target = jietadm("--op", "delete", "--tid=1");
            assertEquals(1, target.status());
            assertTrue(target.err().contains("has 1 active session(s); not deleted"), target.err());
            Run lun = jietadm("--op", "delete", "--tid=1", "--lun=0");
            assertEquals(1, lun.status());
            assertTrue(lun.err().contains("in use by 1 session(s)"), lun.err());
            assertTrue(ok("--op", "show", "--volumes").out().contains("tid:1 name:" + FIRST), "still served");
            assertEquals(0, initiator.write10(8, new byte[512], initiator.cmdSN++), "the session is undisturbed");

            ok("--op", "delete", "--tid=1", "--force");
            assertEquals("", ok("--op", "show", "--volumes").out());
            assertThrowsIo(initiator);
        }
    }

    /** The forced deletion closed the session: the connection ends. */
    private static void assertThrowsIo(TestInitiator initiator) {
        try {
            TargetPdu pdu;
            do {
                pdu = initiator.receive(); // perhaps an Async Message first
            } while (pdu != null);
        } catch (IOException expected) {
            return;
        }
    }

    @Test
    void sessionsAreListedWithIetsSidAndTheirConnections() throws Exception {
        startWithOneTarget();
        try (TestInitiator initiator = login(FIRST, 0x00023d010000L)) {
            long sid = SessionId.of(0x00023d010000L, initiator.tsih);
            String sessions = ok("--op", "show", "--sessions").out();
            assertTrue(sessions.startsWith("tid:1 name:" + FIRST + "\n\tsid:" + SessionId.text(sid) + " initiator:"
                    + TestInitiator.INITIATOR_NAME + "\n"), sessions);
            List<String> negotiated = ok("--op", "show", "--tid=1", "--sid=" + SessionId.text(sid)).out().lines()
                    .toList();
            assertTrue(negotiated.contains("ImmediateData=Yes") && negotiated.contains("HeaderDigest=None"),
                    negotiated.toString());

            assertTrue(sessions.contains("\t\tcid:0 ip:127.0.0.1 state:active hd:none dd:none\n"),
                    "the real connection, reported by IscsiConnection: " + sessions);

            // A second, fake connection reported the same way.
            Session session = daemon.sessions().getFirst();
            FakeConnection connection = new FakeConnection(3, true, false);
            InetSocketAddress from = new InetSocketAddress("127.0.0.1", 51000);
            daemon.configuration().targets().connectionObserver().loggedIn(session, connection, from);
            assertTrue(ok("--op", "show", "--sessions").out().contains("\t\tcid:3 ip:127.0.0.1 state:active "
                    + "hd:crc32c dd:none\n"));
            assertTrue(ok("--op", "show", "--sessions", "--json").out().contains("{\"cid\":3,"
                    + "\"ip\":\"127.0.0.1\",\"state\":\"active\",\"hd\":\"crc32c\",\"dd\":\"none\"}"));

            Run unknown = jietadm("--op", "delete", "--tid=1", "--sid=" + SessionId.text(sid), "--cid=4");
            assertEquals(1, unknown.status());
            ok("--op", "delete", "--tid=1", "--sid=" + SessionId.text(sid), "--cid=3");
            assertTrue(connection.closed.get(), "dropping a connection closes it");
            daemon.configuration().targets().connectionObserver().closed(session, connection);
            assertFalse(ok("--op", "show", "--sessions").out().contains("cid:3"));
        }
    }

    @Test
    void updatesApplyToNewLoginsAndRedirectSendsThemElsewhere() throws Exception {
        startWithOneTarget();
        try (TestInitiator before = login(FIRST, 0x30)) {
            ok("--op", "update", "--tid=1", "--params", "ImmediateData=No,HeaderDigest=CRC32C,None");
            List<String> shown = ok("--op", "show", "--tid=1").out().lines().toList();
            assertTrue(shown.contains("ImmediateData=No") && shown.contains("HeaderDigest=CRC32C,None"), shown::toString);
            LoginResponse after = tryLogin(FIRST);
            assertTrue(after.data().toString(StandardCharsets.UTF_8).contains("ImmediateData=No"));
            assertEquals(0, before.write10(0, new byte[1024], before.cmdSN++), "the earlier session runs on");

            ok("--op", "update", "--tid=1", "--params", "Wthreads=3");
            var pool = (java.util.concurrent.ThreadPoolExecutor) daemon.configuration().target(1).workers();
            assertEquals(3, pool.getMaximumPoolSize(), "Wthreads resizes the worker pool at once");
            assertEquals(3, pool.getCorePoolSize());

            Run invalid = jietadm("--op", "update", "--tid=1", "--params", "MaxBurstLength=100");
            assertEquals(1, invalid.status());
            assertTrue(invalid.err().contains("MaxBurstLength 100 is out of range 512..16777215"), invalid.err());
            assertEquals(1, jietadm("--op", "update", "--tid=1", "--params", "NoSuchKey=1").status());

            ok("--op", "update", "--tid=1", "--redirect=192.0.2.7:3260");
            LoginResponse moved = tryLogin(FIRST);
            assertEquals(1, moved.statusClass());
            assertTrue(moved.data().toString(StandardCharsets.UTF_8).contains("TargetAddress=192.0.2.7:3260"));
            ok("--op", "update", "--tid=1", "--redirect=");
            assertEquals(0, tryLogin(FIRST).statusClass());
        }
    }

    @Test
    void accountsGuardLaterLogins() throws Exception {
        startWithOneTarget();
        ok("--op", "new", "--tid=1", "--user", "--params", "IncomingUser=joe,Password=joesecret1234");
        assertEquals("IncomingUser joe\n", ok("--op", "show", "--tid=1", "--user").out(), "no secrets shown");
        LoginResponse refused = tryLogin(FIRST);
        assertEquals(2, refused.statusClass(), refused::toString);
        ok("--op", "delete", "--tid=1", "--user", "--params", "IncomingUser=joe");
        assertEquals(0, tryLogin(FIRST).statusClass());
        ok("--op", "new", "--user", "--params", "OutgoingUser=tgt,Password=targetsecret12");
        assertEquals("OutgoingUser tgt\n", ok("--op", "show", "--user").out());
    }

    @Test
    void reloadAddsAndRemovesWhatIsNotInUseAndKeepsWhatIs() throws Exception {
        Path a = image("a.img");
        start("Target " + FIRST + "\n    Lun 0 Path=" + a + ",Type=fileio\n"
                + "Target iqn.2026-11.io.jiet:idle\n    Lun 0 Type=nullio\n");
        try (TestInitiator busy = login(FIRST, 0x40)) {
            Files.writeString(config, "Target " + ADDED + "\n    Lun 0 Type=nullio\n    Lun 1 Type=nullio\n"
                    + "Target " + FIRST + "\n    MaxBurstLength 131072\n    Lun 1 Type=nullio\n");
            ConfigReload.Outcome outcome = daemon.reload().orElseThrow();
            String volumes = ok("--op", "show", "--volumes").out();
            assertFalse(volumes.contains("idle"), "the idle target is removed: " + volumes);
            assertTrue(volumes.contains("name:" + ADDED), volumes);
            assertTrue(volumes.contains("path:" + a), "LUN 0 of the busy target stays: " + volumes);
            assertTrue(volumes.startsWith("tid:1 name:" + FIRST + "\n\tlun:0 state:0 iotype:fileio iomode:wt "
                    + "blocks:8192 blocksize:512 path:" + a + "\n\tlun:1 state:0 iotype:nullio"), "LUN 1 is added to "
                    + "the busy target, its LUN 0 stays: " + volumes);
            assertTrue(ok("--op", "show", "--tid=1").out().contains("MaxBurstLength=131072"));
            assertEquals(1, outcome.refused(), outcome::toString);
            assertEquals(0, busy.write10(0, new byte[512], busy.cmdSN++), "the busy session is undisturbed");
        }
        Files.writeString(config, "Target " + FIRST + "\n    Lun 0 Path=" + a + ",Type=fileio\n    Lun 0 Bad\n");
        assertTrue(daemon.reload().isEmpty(), "a file that does not parse changes nothing");
        assertTrue(ok("--op", "show", "--volumes").out().contains("name:" + ADDED));
    }

    @Test
    void saveWritesTheRunningConfigurationBackKeepingComments() throws Exception {
        startWithOneTarget();
        ok("--op", "new", "--tid=0", "--params", "Name=" + ADDED);
        ok("--op", "new", "--tid=2", "--lun=0", "--params", "Type=nullio,Blocks=4096");
        ok("--op", "update", "--tid=1", "--params", "MaxConnections=4");
        assertTrue(ok("--op", "save").out().startsWith("saved 2 target(s) to "));
        String saved = Files.readString(config);
        assertTrue(saved.startsWith("# lab\nTarget " + FIRST + "\n    MaxConnections 4\n"), saved);
        var reread = IetdConfigParser.parse(config);
        assertEquals(Optional.empty(), ConfigRewriter.firstDifference(reread, daemon.configuration().snapshot()));
        assertEquals(List.of(), Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                "no temporary file is left");
    }

    @Test
    void jietadmWithoutADaemonSaysSo() throws Exception {
        control = dir.resolve("nobody.sock");
        Run run = jietadm("--op", "show");
        assertEquals(Jietadm.EXIT_UNREACHABLE, run.status());
        assertTrue(run.err().contains("cannot reach jietd at " + control), run.err());
        assertEquals(2, jietadm("--op", "bogus").status());
    }

    @Test
    void aSecondDaemonDoesNotStealALiveSocketButAStaleOneIsReplaced() throws Exception {
        startWithOneTarget();
        Exception taken = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> JietDaemon.start(IetdConfigParser.parse(config), List.of(new PortalAddress("127.0.0.1", 0)),
                        new JietDaemon.Services(Optional.empty(), Optional.of(control), true, Optional.empty())));
        assertTrue(taken.getMessage().contains("another jietd is already listening"), taken.getMessage());
        assertEquals(0, jietadm("--op", "show").status(), "the first daemon still answers");

        // A socket file nobody listens on, as a killed daemon leaves it.
        Path stale = dir.resolve("stale/jietd.sock");
        Files.createDirectories(stale.getParent());
        try (var channel = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            channel.bind(java.net.UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale));
        try (JietDaemon second = JietDaemon.start(IetdConfigParser.parse("x", ""), List.of(
                new PortalAddress("127.0.0.1", 0)), new JietDaemon.Services(Optional.empty(), Optional.of(stale),
                true, Optional.empty()))) {
            control = stale;
            assertEquals(0, jietadm("--op", "show").status());
        }
        assertFalse(Files.exists(stale), "the socket file goes with the daemon");
    }

    /** A connection as the session layer sees it; records whether it was closed. */
    private static final class FakeConnection implements SessionConnection {
        final int cid;
        final NegotiatedParameters parameters;
        final AtomicBoolean closed = new AtomicBoolean();

        FakeConnection(int cid, boolean headerDigest, boolean dataDigest) {
            this.cid = cid;
            this.parameters = new NegotiatedParameters(headerDigest, dataDigest, 1, true, true, 8192, 8192, 262144,
                    65536, 2, 20, 1, true, true, 0);
        }

        @Override
        public EventLoop eventLoop() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int cid() {
            return cid;
        }

        @Override
        public NegotiatedParameters parameters() {
            return parameters;
        }

        @Override
        public ByteBufAllocator alloc() {
            return ByteBufAllocator.DEFAULT;
        }

        @Override
        public void send(io.jiet.pdu.TargetPdu pdu) {
        }

        @Override
        public void send(io.jiet.server.session.FileBackedDataIn dataIn) {
        }

        @Override
        public void flush() {
        }

        @Override
        public int takeStatSN() {
            return 0;
        }

        @Override
        public int currentStatSN() {
            return 0;
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 3260);
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 51000);
        }

        @Override
        public void closeAfterFlush() {
            closed.set(true);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
