package io.jiet.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jiet.backstore.FileIoStore;
import io.jiet.backstore.IoMode;
import io.jiet.conf.IetdConfigParser;
import io.jiet.conf.PortalAddress;
import io.jiet.pdu.DataOut;
import io.jiet.pdu.ReadyToTransfer;
import io.jiet.pdu.ScsiCommand;
import io.jiet.pdu.ScsiResponse;
import io.jiet.pdu.SenseSegment;
import io.jiet.pdu.TargetPdu;
import io.jiet.scsi.LogicalUnitIdentity;
import io.jiet.scsi.disk.DiskLogicalUnit;
import io.jiet.server.JietDaemon;
import io.jiet.server.TestInitiator;
import io.jiet.server.admin.RunningConfiguration;
import io.jiet.server.target.ConfiguredLun;
import io.jiet.server.target.IscsiTarget;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Power-loss ordering, proved by gating rather than by timestamps: the page cache survives a killed process, so a
 * crash test cannot tell whether GOOD went out before fdatasync. Here the backing store is a
 * {@link RecordingBlockStore} over a real {@link FileIoStore}; it stops the durable step (a forced write or a
 * flush) at its start, the test checks that no PDU at all reaches the initiator's socket while it is held, lets it
 * go, and then sees GOOD with the step's "begin" and "end" already recorded.
 * <p>
 * LUN 0 is {@code IOMode=wt} (no write cache: every write is the durable step), LUN 1 is {@code IOMode=wb}. The
 * commands whose GOOD must wait for stable storage are those SBC-3 says so of: a write with FUA 1 (WRITE (10)
 * §5.32: "shall not complete the command with GOOD status until all the logical blocks have been written on the
 * medium"; WRITE (12)/(16), COMPARE AND WRITE §5.2, ORWRITE (16) §5.13 refer to it; WRITE ATOMIC (16) SBC-4
 * §5.48 likewise), WRITE AND VERIFY (§5.38-§5.40: write to the medium, then verify what was written, which only
 * means something once the blocks left the volatile cache) and SYNCHRONIZE CACHE (§5.22, §5.23). WRITE (6) and
 * WRITE SAME have no FUA bit, UNMAP and EXTENDED COPY no durability rule, so they are not cases here.
 */
class DurableStatusOrderingTest {

    private static final String TARGET = "iqn.2026-11.io.jiet:durable-ordering";
    private static final long WRITE_THROUGH_LUN = 0x0000_0000_0000_0000L;
    private static final long WRITE_BACK_LUN = 0x0001_0000_0000_0000L;
    /** How long the test watches the socket while the durable step is held. */
    private static final int HOLD_MILLIS = 300;
    private static final int BLOCK = 512;
    private static final int FUA = 0x08;
    private static final int GOOD = 0x00;
    private static final int CHECK_CONDITION = 0x02;

    @TempDir
    static Path dir;
    static JietDaemon daemon;
    static RecordingBlockStore writeThrough;
    static RecordingBlockStore writeBack;
    /** Each case writes its own blocks, so COMPARE AND WRITE finds zeros and no case sees another's data. */
    static final AtomicLong nextLba = new AtomicLong(64);
    static final AtomicLong nextIsid = new AtomicLong(0x500000L);

    TestInitiator initiator;

    /** How a write's data reaches the target (RFC 7143 §4.2.5.1): all immediate, all after R2T, or both. */
    enum DataPath {
        IMMEDIATE, SOLICITED, IMMEDIATE_THEN_SOLICITED
    }

    @BeforeAll
    static void start() throws Exception {
        var config = IetdConfigParser.parse("durable.conf", "Target " + TARGET + "\n    NOPInterval 0\n");
        daemon = JietDaemon.start(config, List.of(new PortalAddress("127.0.0.1", 0)));
        IscsiTarget target = daemon.configuration().targets().find(TARGET).orElseThrow();
        writeThrough = addLun(target, 0, "wt", IoMode.WRITE_THROUGH);
        writeBack = addLun(target, 1, "wb", IoMode.WRITE_BACK);
        assertFalse(writeThrough.writeCacheEnabled(), "IOMode=wt has no write cache");
        assertTrue(writeBack.writeCacheEnabled(), "IOMode=wb has one");
    }

    private static RecordingBlockStore addLun(IscsiTarget target, int lun, String ioMode, IoMode mode)
            throws Exception {
        Path file = dir.resolve("lun" + lun + ".img");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(16L << 20);
        }
        RecordingBlockStore store = new RecordingBlockStore(FileIoStore.open(file, mode));
        var unit = new DiskLogicalUnit(store, BLOCK, LogicalUnitIdentity.iet(TARGET, lun, null, null),
                DiskLogicalUnit.Options.defaults());
        var definition = RunningConfiguration.parseLun(lun, "Path=" + file + ",Type=fileio,IOMode=" + ioMode);
        target.addLun(new ConfiguredLun(definition, unit, unit.blockCount()));
        return store;
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @BeforeEach
    void login() throws IOException {
        initiator = new TestInitiator(daemon.boundPortals().getFirst());
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("InitiatorName", TestInitiator.INITIATOR_NAME);
        keys.put("TargetName", TARGET);
        keys.put("HeaderDigest", "None");
        keys.put("DataDigest", "None");
        keys.put("InitialR2T", "Yes");
        keys.put("ImmediateData", "Yes");
        assertEquals(0, initiator.login(nextIsid.getAndIncrement(), keys).statusClass());
    }

    @AfterEach
    void logout() throws IOException {
        writeThrough.disarm();
        writeBack.disarm();
        initiator.close();
    }

    // ---- GOOD waits for the durable step -------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(DataPath.class)
    void writeThroughLunSendsGoodOnlyAfterTheForcedWriteReturned(DataPath path) throws Exception {
        long lba = nextLba.getAndAdd(16);
        byte[] data = random(8 * BLOCK);
        assertGoodOnlyAfterDurableStep(writeThrough,
                () -> sendWrite(WRITE_THROUGH_LUN, cdb10(0x2A, 0, lba, 8), data, path),
                List.of("write(write-through) begin", "write(write-through) end"));
    }

    @ParameterizedTest
    @EnumSource(DataPath.class)
    void fuaWriteOnWriteBackLunSendsGoodOnlyAfterTheDurableWriteReturned(DataPath path) throws Exception {
        long lba = nextLba.getAndAdd(16);
        byte[] data = random(8 * BLOCK);
        assertGoodOnlyAfterDurableStep(writeBack,
                () -> sendWrite(WRITE_BACK_LUN, cdb10(0x2A, FUA, lba, 8), data, path),
                List.of("write(durable) begin", "write(durable) end"));
    }

    /** A command SBC requires on the medium before GOOD, with the data-out it carries. */
    record DurableWrite(String name, byte[] cdb, byte[] data) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<DurableWrite> durableWrites() {
        return Stream.of(
                new DurableWrite("WRITE (12) FUA", cdb12(0xAA, FUA, nextLba.getAndAdd(16), 8), random(8 * BLOCK)),
                new DurableWrite("WRITE (16) FUA", cdb16(0x8A, FUA, nextLba.getAndAdd(16), 8), random(8 * BLOCK)),
                new DurableWrite("WRITE AND VERIFY (10) BYTCHK 0", cdb10(0x2E, 0, nextLba.getAndAdd(16), 8),
                        random(8 * BLOCK)),
                new DurableWrite("WRITE AND VERIFY (10) BYTCHK 1", cdb10(0x2E, 0x02, nextLba.getAndAdd(16), 8),
                        random(8 * BLOCK)),
                new DurableWrite("WRITE AND VERIFY (12)", cdb12(0xAE, 0, nextLba.getAndAdd(16), 8),
                        random(8 * BLOCK)),
                new DurableWrite("WRITE AND VERIFY (16)", cdb16(0x8E, 0, nextLba.getAndAdd(16), 8),
                        random(8 * BLOCK)),
                // Verify half: zeros, what the sparse file holds at a fresh LBA; then the write half.
                new DurableWrite("COMPARE AND WRITE FUA", compareAndWrite(nextLba.getAndAdd(16), 4),
                        concat(new byte[4 * BLOCK], random(4 * BLOCK))),
                new DurableWrite("ORWRITE (16) FUA", cdb16(0x8B, FUA, nextLba.getAndAdd(16), 8), random(8 * BLOCK)),
                new DurableWrite("WRITE ATOMIC (16) FUA", writeAtomic(nextLba.getAndAdd(16), 8), random(8 * BLOCK)));
    }

    @ParameterizedTest
    @MethodSource("durableWrites")
    void durableWriteCommandsSendGoodOnlyAfterTheDurableWriteReturned(DurableWrite command) throws Exception {
        assertGoodOnlyAfterDurableStep(writeBack,
                () -> sendWrite(WRITE_BACK_LUN, command.cdb(), command.data(), DataPath.IMMEDIATE),
                List.of("write(durable) begin", "write(durable) end"));
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {0x35, 0x91})
    void synchronizeCacheSendsGoodOnlyAfterTheFlushReturned(int opcode) throws Exception {
        int before = writeBack.mark();
        for (int i = 0; i < 2; i++) {
            long lba = nextLba.getAndAdd(16);
            int itt = sendWrite(WRITE_BACK_LUN, cdb10(0x2A, 0, lba, 8), random(8 * BLOCK), DataPath.IMMEDIATE);
            assertGood(itt, receiveResponse());
        }
        assertEquals(List.of("write(cached) begin", "write(cached) end", "write(cached) begin",
                "write(cached) end"), writeBack.callsSince(before), "plain writes on wb reach no durable step");
        byte[] cdb = opcode == 0x35 ? cdb10(0x35, 0, 0, 0) : cdb16(0x91, 0, 0, 0);
        assertGoodOnlyAfterDurableStep(writeBack, () -> sendWithoutData(WRITE_BACK_LUN, cdb),
                List.of("flush begin", "flush end"));
    }

    // ---- the control: a cached write needs no durable step, and the test sees that -------------------------

    @Test
    void plainWriteOnWriteBackLunEndsGoodWithoutAnyDurableStep() throws Exception {
        int mark = writeBack.mark();
        RecordingBlockStore.Hold hold = writeBack.holdNextDurableStep();
        long lba = nextLba.getAndAdd(16);
        int itt = sendWrite(WRITE_BACK_LUN, cdb10(0x2A, 0, lba, 8), random(8 * BLOCK), DataPath.IMMEDIATE);
        assertGood(itt, receiveResponse());
        assertFalse(hold.entered(), "no force or flush for a cached write");
        assertEquals(List.of("write(cached) begin", "write(cached) end"), writeBack.callsSince(mark));
    }

    // ---- a failed force is never GOOD ----------------------------------------------------------------------

    @Test
    void failedFlushEndsInMediumErrorNotGood() throws Exception {
        int mark = writeBack.mark();
        writeBack.failNextDurableStep(new IOException("injected fdatasync failure"));
        int itt = sendWithoutData(WRITE_BACK_LUN, cdb10(0x35, 0, 0, 0));
        ScsiResponse response = receiveResponse();
        assertEquals(itt, response.initiatorTaskTag());
        assertWriteError(response, -1);
        assertEquals(List.of("flush begin", "flush failed"), writeBack.callsSince(mark));
    }

    @ParameterizedTest(name = "LUN {0}")
    @ValueSource(ints = {0, 1})
    void failedDurableWriteEndsInMediumErrorNotGood(int lun) throws Exception {
        RecordingBlockStore store = lun == 0 ? writeThrough : writeBack;
        String write = lun == 0 ? "write(write-through)" : "write(durable)";
        int mark = store.mark();
        store.failNextDurableStep(new IOException("injected fdatasync failure"));
        long lba = nextLba.getAndAdd(16);
        int itt = sendWrite((long) lun << 48, cdb10(0x2A, lun == 0 ? 0 : FUA, lba, 8), random(8 * BLOCK),
                DataPath.SOLICITED);
        ScsiResponse response = receiveResponse();
        assertEquals(itt, response.initiatorTaskTag());
        assertWriteError(response, lba);
        assertEquals(List.of(write + " begin", write + " failed"), store.callsSince(mark));
    }

    // ---- the gate ------------------------------------------------------------------------------------------

    private interface CommandSend {
        /** Sends the command (and its data, answering R2Ts); returns its initiator task tag. */
        int send() throws IOException;
    }

    /**
     * Holds the store's next durable step, sends the command, and checks: the step began; while it is held nothing
     * reaches the socket for {@link #HOLD_MILLIS}; once released, GOOD arrives, and by then the store recorded
     * exactly {@code expected} (the step's begin and its end) since the command was sent.
     */
    private void assertGoodOnlyAfterDurableStep(RecordingBlockStore store, CommandSend command,
                                                List<String> expected) throws Exception {
        int mark = store.mark();
        RecordingBlockStore.Hold hold = store.holdNextDurableStep();
        try {
            int itt = command.send();
            assertTrue(hold.awaitEntered(5_000), "the durable step never began: " + store.callsSince(mark));
            assertNothingArrivesWithin(HOLD_MILLIS);
            assertEquals(expected.subList(0, expected.size() - 1), store.callsSince(mark),
                    "held inside the durable step");
            hold.release();
            ScsiResponse response = receiveResponse();
            List<String> atStatus = store.callsSince(mark);
            assertGood(itt, response);
            assertEquals(expected, atStatus, "the durable step had ended when GOOD was read");
        } finally {
            hold.release();
        }
    }

    private void assertNothingArrivesWithin(int millis) throws IOException {
        initiator.socket().setSoTimeout(millis);
        try {
            TargetPdu early = initiator.receive();
            fail("sent while the durable step was still running: " + early);
        } catch (SocketTimeoutException expected) {
            // nothing arrived: status waits for the step
        } finally {
            initiator.socket().setSoTimeout(10_000);
        }
    }

    // ---- the initiator side --------------------------------------------------------------------------------

    private int sendWrite(long lun, byte[] cdb, byte[] data, DataPath path) throws IOException {
        int itt = initiator.itt++;
        int immediate = switch (path) {
            case IMMEDIATE -> data.length;
            case SOLICITED -> 0;
            case IMMEDIATE_THEN_SOLICITED -> data.length / 2;
        };
        initiator.send(new ScsiCommand(false, true, false, true, 1, lun, itt, data.length, initiator.cmdSN++,
                initiator.expStatSN, cdb, 0, Unpooled.wrappedBuffer(data, 0, immediate)));
        if (immediate < data.length) {
            ReadyToTransfer r2t = assertInstanceOf(ReadyToTransfer.class, initiator.receive());
            assertEquals(itt, r2t.initiatorTaskTag());
            assertEquals(immediate, r2t.bufferOffset());
            assertEquals(data.length - immediate, r2t.desiredDataTransferLength());
            initiator.send(new DataOut(true, lun, itt, r2t.targetTransferTag(), initiator.expStatSN, 0, immediate,
                    Unpooled.wrappedBuffer(data, immediate, data.length - immediate)));
        }
        return itt;
    }

    private int sendWithoutData(long lun, byte[] cdb) throws IOException {
        int itt = initiator.itt++;
        initiator.send(new ScsiCommand(false, true, false, false, 1, lun, itt, 0, initiator.cmdSN++,
                initiator.expStatSN, cdb, 0, Unpooled.EMPTY_BUFFER));
        return itt;
    }

    private ScsiResponse receiveResponse() throws IOException {
        ScsiResponse response = assertInstanceOf(ScsiResponse.class, initiator.receive());
        initiator.expStatSN = response.statSN() + 1;
        return response;
    }

    private static void assertGood(int itt, ScsiResponse response) {
        assertEquals(itt, response.initiatorTaskTag());
        assertEquals(GOOD, response.status(), () -> "status with sense "
                + HexFormat.of().formatHex(SenseSegment.decode(response.data())));
    }

    /** CHECK CONDITION, MEDIUM ERROR, WRITE ERROR (SBC-3 §4.14); with {@code lba >= 0}, INFORMATION holds it. */
    private static void assertWriteError(ScsiResponse response, long lba) {
        assertEquals(CHECK_CONDITION, response.status(), "never GOOD when the force failed");
        byte[] sense = SenseSegment.decode(response.data());
        boolean descriptor = (sense[0] & 0x7f) >= 0x72;
        assertEquals(0x03, (descriptor ? sense[1] : sense[2]) & 0x0f, "MEDIUM ERROR");
        assertEquals(0x0C, (descriptor ? sense[2] : sense[12]) & 0xff, "ASC WRITE ERROR");
        assertEquals(0x00, (descriptor ? sense[3] : sense[13]) & 0xff, "ASCQ");
        if (lba >= 0 && !descriptor) {
            assertTrue((sense[0] & 0x80) != 0, "INFORMATION valid");
            assertEquals(lba, (sense[3] & 0xffL) << 24 | (sense[4] & 0xffL) << 16 | (sense[5] & 0xffL) << 8
                    | sense[6] & 0xffL, "INFORMATION: the failing LBA");
        }
    }

    // ---- CDBs (SBC-3 §5.2, §5.13, §5.22-§5.23, §5.32-§5.34, §5.38-§5.40; SBC-4 §5.48) -----------------------

    private static byte[] cdb10(int opcode, int byte1, long lba, int blocks) {
        byte[] cdb = TestInitiator.cdb10(opcode, lba, blocks);
        cdb[1] = (byte) byte1;
        return cdb;
    }

    private static byte[] cdb12(int opcode, int byte1, long lba, int blocks) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) opcode;
        cdb[1] = (byte) byte1;
        putBigEndian(cdb, 2, 4, lba);
        putBigEndian(cdb, 6, 4, blocks);
        return cdb;
    }

    private static byte[] cdb16(int opcode, int byte1, long lba, int blocks) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) opcode;
        cdb[1] = (byte) byte1;
        putBigEndian(cdb, 2, 8, lba);
        putBigEndian(cdb, 10, 4, blocks);
        return cdb;
    }

    /** NUMBER OF LOGICAL BLOCKS is the single byte 13. */
    private static byte[] compareAndWrite(long lba, int blocks) {
        byte[] cdb = cdb16(0x89, FUA, lba, 0);
        cdb[13] = (byte) blocks;
        return cdb;
    }

    /** ATOMIC BOUNDARY (bytes 10-11) 0, TRANSFER LENGTH in bytes 12-13. */
    private static byte[] writeAtomic(long lba, int blocks) {
        byte[] cdb = cdb16(0x9C, FUA, lba, 0);
        putBigEndian(cdb, 12, 2, blocks);
        return cdb;
    }

    private static void putBigEndian(byte[] into, int at, int length, long value) {
        for (int i = 0; i < length; i++) {
            into[at + i] = (byte) (value >>> 8 * (length - 1 - i));
        }
    }

    private static final Random RANDOM = new Random(6);

    private static byte[] random(int length) {
        byte[] data = new byte[length];
        synchronized (RANDOM) {
            RANDOM.nextBytes(data);
        }
        return data;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
