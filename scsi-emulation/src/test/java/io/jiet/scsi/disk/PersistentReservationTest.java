package io.jiet.scsi.disk;

import static io.jiet.scsi.SenseAssertions.assertCheckCondition;
import static io.jiet.scsi.SenseAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.scsi.ItNexus;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import io.jiet.scsi.pr.AptplFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PERSISTENT RESERVE IN/OUT and RESERVE/RELEASE through the logical unit, with two initiators. */
class PersistentReservationTest {

    private static final int REGISTER = 0;
    private static final int RESERVE = 1;
    private static final int RELEASE = 2;
    private static final int CLEAR = 3;
    private static final int PREEMPT = 4;
    private static final int REGISTER_AND_IGNORE = 6;
    private static final int REGISTER_AND_MOVE = 7;
    private static final long K1 = 0xA1;
    private static final long K2 = 0xB2;

    @TempDir
    Path dir;

    private static Disk disk() throws IOException {
        return Disk.onStore(new MemoryStore(64 * 512), 512);
    }

    private static ScsiResult out(Disk d, ItNexus n, int sa, int type, byte[] list) {
        return d.write(n, Cdbs.persistentReserveOut(sa, type, list.length), list);
    }

    private static void good(ScsiResult r) {
        assertEquals(ScsiStatus.GOOD, r.status(), () -> java.util.HexFormat.of().formatHex(r.senseData()));
    }

    private static void conflict(ScsiResult r) {
        assertEquals(ScsiStatus.RESERVATION_CONFLICT, r.status());
        assertEquals(0, r.senseData().length, "RESERVATION CONFLICT carries no sense data");
    }

    private static ByteBuffer in(Disk d, ItNexus n, int sa) {
        return ByteBuffer.wrap(bytes(d.execute(n, Cdbs.persistentReserveIn(sa))));
    }

    @Test
    void registerReadKeysAndUnregister() throws IOException {
        try (Disk d = disk()) {
            good(out(d, Disk.NEXUS, REGISTER, 0, Cdbs.prList(0, K1, 0)));
            ByteBuffer keys = in(d, Disk.NEXUS, 0);
            assertEquals(1, keys.getInt(0), "PRgeneration counts the registration");
            assertEquals(8, keys.getInt(4));
            assertEquals(K1, keys.getLong(8));
            conflict(out(d, Disk.NEXUS, REGISTER, 0, Cdbs.prList(K1 + 1, K2, 0)));
            conflict(out(d, Disk.OTHER, REGISTER, 0, Cdbs.prList(K1, K2, 0)));
            good(out(d, Disk.NEXUS, REGISTER, 0, Cdbs.prList(K1, 0, 0)));
            keys = in(d, Disk.NEXUS, 0);
            assertEquals(2, keys.getInt(0));
            assertEquals(0, keys.getInt(4));
        }
    }

    /** libiscsi's access matrix: holder, registered other, unregistered other, for reads and writes. */
    @ParameterizedTest(name = "type {0}")
    @CsvSource({"1, true, false, true, false", "3, false, false, false, false", "5, true, true, true, false",
        "6, true, true, false, false", "7, true, true, true, false", "8, true, true, false, false"})
    void accessByReservationType(int type, boolean regRead, boolean regWrite, boolean unregRead,
                                 boolean unregWrite) throws IOException {
        try (Disk d = disk()) {
            good(out(d, Disk.NEXUS, REGISTER_AND_IGNORE, 0, Cdbs.prList(0, K1, 0)));
            good(out(d, Disk.OTHER, REGISTER_AND_IGNORE, 0, Cdbs.prList(0, K2, 0)));
            good(out(d, Disk.NEXUS, RESERVE, type, Cdbs.prList(K1, 0, 0)));
            ByteBuffer r = in(d, Disk.NEXUS, 1);
            assertEquals(16, r.getInt(4));
            assertEquals(type >= 7 ? 0 : K1, r.getLong(8), "all-registrants reservations report key 0");
            assertEquals(type, r.get(21) & 0x0F);

            good(d.execute(Disk.NEXUS, Cdbs.read16(0, 1)));
            good(d.write(Disk.NEXUS, Cdbs.write16(0, 1), new byte[512]));
            assertAccess(d.execute(Disk.OTHER, Cdbs.read16(0, 1)), regRead);
            assertAccess(d.write(Disk.OTHER, Cdbs.write16(0, 1), new byte[512]), regWrite);
            good(out(d, Disk.OTHER, REGISTER, 0, Cdbs.prList(K2, 0, 0)));
            assertAccess(d.execute(Disk.OTHER, Cdbs.read16(0, 1)), unregRead);
            assertAccess(d.write(Disk.OTHER, Cdbs.write16(0, 1), new byte[512]), unregWrite);
            good(d.execute(Disk.OTHER, new byte[] {0x12, 0, 0, 0, 96, 0}));
            good(d.execute(Disk.OTHER, Cdbs.readCapacity16()));

            good(out(d, Disk.NEXUS, RELEASE, type, Cdbs.prList(K1, 0, 0)));
            good(d.write(Disk.OTHER, Cdbs.write16(0, 1), new byte[512]));
        }
    }

    private static void assertAccess(ScsiResult r, boolean allowed) {
        if (allowed) {
            good(r);
        } else {
            conflict(r);
        }
    }

    @Test
    void releaseWithTheWrongTypeIsAnInvalidRelease() throws IOException {
        try (Disk d = disk()) {
            good(out(d, Disk.NEXUS, REGISTER, 0, Cdbs.prList(0, K1, 0)));
            good(out(d, Disk.NEXUS, RESERVE, 1, Cdbs.prList(K1, 0, 0)));
            assertCheckCondition(out(d, Disk.NEXUS, RELEASE, 3, Cdbs.prList(K1, 0, 0)), 0x05, 0x26, 0x04);
            good(out(d, Disk.NEXUS, RESERVE, 1, Cdbs.prList(K1, 0, 0)));
            conflict(out(d, Disk.NEXUS, RESERVE, 3, Cdbs.prList(K1, 0, 0)));
            assertCheckCondition(out(d, Disk.NEXUS, RESERVE, 0x11, Cdbs.prList(K1, 0, 0)), 0x05, 0x24, 0x00);
            assertCheckCondition(out(d, Disk.NEXUS, RESERVE, 2, Cdbs.prList(K1, 0, 0)), 0x05, 0x24, 0x00);
        }
    }

    @Test
    void clearRemovesEverythingAndTellsTheOthers() throws IOException {
        try (Disk d = disk()) {
            good(out(d, Disk.NEXUS, REGISTER, 0, Cdbs.prList(0, K1, 0)));
            good(out(d, Disk.OTHER, REGISTER, 0, Cdbs.prList(0, K2, 0)));
            good(out(d, Disk.NEXUS, RESERVE, 3, Cdbs.prList(K1, 0, 0)));
            int generation = in(d, Disk.NEXUS, 0).getInt(0);
            good(out(d, Disk.NEXUS, CLEAR, 0, Cdbs.prList(K1, 0, 0)));
            assertEquals(generation + 1, in(d, Disk.NEXUS, 0).getInt(0), "CLEAR counts once, RESERVE not at all");
            assertEquals(0, in(d, Disk.NEXUS, 0).getInt(4));
            assertEquals(0, in(d, Disk.NEXUS, 1).getInt(4));
            assertCheckCondition(d.execute(Disk.OTHER, Cdbs.testUnitReady()), 0x06, 0x2A, 0x03);
            good(d.execute(Disk.OTHER, Cdbs.testUnitReady()));
            good(d.execute(Disk.NEXUS, Cdbs.testUnitReady()));
        }
    }

    @Test
    void preemptRemovesTheOtherRegistrationAndTakesTheReservation() throws IOException {
        try (Disk d = disk()) {
            good(out(d, Disk.NEXUS, REGISTER, 0, Cdbs.prList(0, K1, 0)));
            good(out(d, Disk.OTHER, REGISTER, 0, Cdbs.prList(0, K2, 0)));
            good(out(d, Disk.NEXUS, RESERVE, 1, Cdbs.prList(K1, 0, 0)));
            good(out(d, Disk.OTHER, PREEMPT, 3, Cdbs.prList(K2, K1, 0)));
            assertCheckCondition(d.execute(Disk.NEXUS, Cdbs.testUnitReady()), 0x06, 0x2A, 0x05);
            ByteBuffer keys = in(d, Disk.OTHER, 0);
            assertEquals(8, keys.getInt(4));
            assertEquals(K2, keys.getLong(8));
            ByteBuffer r = in(d, Disk.OTHER, 1);
            assertEquals(K2, r.getLong(8));
            assertEquals(3, r.get(21));
            conflict(d.execute(Disk.NEXUS, Cdbs.read16(0, 1)));
            // Without a reservation, PREEMPT of a key nobody has is a conflict, of key 0 a parameter error.
            good(out(d, Disk.OTHER, CLEAR, 0, Cdbs.prList(K2, 0, 0)));
            good(out(d, Disk.OTHER, REGISTER, 0, Cdbs.prList(0, K2, 0)));
            conflict(out(d, Disk.OTHER, PREEMPT, 3, Cdbs.prList(K2, 0x99, 0)));
            assertCheckCondition(out(d, Disk.OTHER, PREEMPT, 3, Cdbs.prList(K2, 0, 0)), 0x05, 0x26, 0x00);
        }
    }

    @Test
    void registerAndMoveHandsTheReservationOver() throws IOException {
        try (Disk d = disk()) {
            good(out(d, Disk.NEXUS, REGISTER, 0, Cdbs.prList(0, K1, 0)));
            good(out(d, Disk.NEXUS, RESERVE, 1, Cdbs.prList(K1, 0, 0)));
            byte[] tid = transportId("iqn.1993-08.org.debian:01:other,i,0x23d000000002");
            ByteBuffer list = ByteBuffer.allocate(24 + tid.length).putLong(K1).putLong(K2);
            list.put(17, (byte) 0x02).putShort(18, (short) 1).putInt(20, tid.length).put(24, tid);
            good(out(d, Disk.NEXUS, REGISTER_AND_MOVE, 1, list.array()));
            ByteBuffer r = in(d, Disk.OTHER, 1);
            assertEquals(K2, r.getLong(8), "the moved-to nexus holds the reservation with its new key");
            ByteBuffer keys = in(d, Disk.OTHER, 0);
            assertEquals(8, keys.getInt(4), "UNREG removed the mover's own registration");
            good(d.write(Disk.OTHER, Cdbs.write16(0, 1), new byte[512]));
            conflict(d.write(Disk.NEXUS, Cdbs.write16(0, 1), new byte[512]));
        }
    }

    @Test
    void specIPtRegistersTheListedPortsAndReadFullStatusNamesThem() throws IOException {
        try (Disk d = disk()) {
            byte[] tid = transportId("iqn.1993-08.org.debian:01:other,i,0x23d000000002");
            ByteBuffer list = ByteBuffer.allocate(28 + tid.length).putLong(0).putLong(K1);
            list.put(20, (byte) 0x08).putInt(24, tid.length).put(28, tid);
            good(out(d, Disk.NEXUS, REGISTER, 0, list.array()));
            ByteBuffer keys = in(d, Disk.OTHER, 0);
            assertEquals(16, keys.getInt(4), "the sender and the specified port");
            good(out(d, Disk.OTHER, RESERVE, 1, Cdbs.prList(K1, 0, 0)));

            ByteBuffer full = in(d, Disk.NEXUS, 3);
            int length = full.getInt(4);
            int at = 8;
            int holders = 0;
            StringBuilder names = new StringBuilder();
            while (at < 8 + length) {
                assertEquals(K1, full.getLong(at));
                holders += full.get(at + 12) & 0x01;
                int tidLength = full.getInt(at + 20);
                byte[] name = new byte[tidLength - 4];
                full.get(at + 28, name);
                names.append(new String(name, StandardCharsets.US_ASCII).trim()).append(' ');
                at += 24 + tidLength;
            }
            assertEquals(1, holders, "one R_HOLDER");
            assertTrue(names.toString().contains("iqn.1993-08.org.debian:01:test,i,0x23d000000001"), names::toString);
            assertTrue(names.toString().contains("iqn.1993-08.org.debian:01:other,i,0x23d000000002"), names::toString);
        }
    }

    @Test
    void parameterListLengthMustBe24WithoutSpecIPt() throws IOException {
        try (Disk d = disk()) {
            byte[] list = new byte[28];
            assertCheckCondition(d.write(Disk.NEXUS, Cdbs.persistentReserveOut(REGISTER, 0, 28), list),
                    0x05, 0x1A, 0x00);
            assertCheckCondition(d.write(Disk.NEXUS, Cdbs.persistentReserveOut(REGISTER, 0, 24), new byte[10]),
                    0x05, 0x1A, 0x00);
            assertCheckCondition(d.execute(Disk.NEXUS, Cdbs.persistentReserveIn(4)), 0x05, 0x24, 0x00);
        }
    }

    @Test
    void reportCapabilitiesWithAndWithoutAptplSupport() throws IOException {
        try (Disk d = disk()) {
            assertArrayEquals(new byte[] {0, 8, 0x0C, (byte) 0x80, (byte) 0xEA, 0x01, 0, 0},
                    bytes(d.execute(Disk.NEXUS, Cdbs.persistentReserveIn(2))));
            assertCheckCondition(out(d, Disk.NEXUS, REGISTER, 0, Cdbs.prList(0, K1, 0x01)), 0x05, 0x26, 0x00);
        }
        DiskLogicalUnit.Options aptpl = DiskLogicalUnit.Options.defaults()
                .withAptplFile(AptplFile.in(dir.resolve("state"), "t:0"));
        try (Disk d = Disk.onStore(new MemoryStore(64 * 512), 512, aptpl)) {
            good(out(d, Disk.NEXUS, REGISTER, 0, Cdbs.prList(0, K1, 0x01)));
            assertArrayEquals(new byte[] {0, 8, 0x0D, (byte) 0x81, (byte) 0xEA, 0x01, 0, 0},
                    bytes(d.execute(Disk.NEXUS, Cdbs.persistentReserveIn(2))));
        }
    }

    @Test
    void aptplStateIsRestoredByANewLogicalUnitAndDroppedWhenAptplIsCleared() throws IOException {
        DiskLogicalUnit.Options aptpl = DiskLogicalUnit.Options.defaults()
                .withAptplFile(AptplFile.in(dir.resolve("state"), "iqn.x:disk/0"));
        MemoryStore store = new MemoryStore(64 * 512);
        try (Disk d = Disk.onStore(store, 512, aptpl)) {
            good(out(d, Disk.NEXUS, REGISTER, 0, Cdbs.prList(0, K1, 0x01)));
            good(out(d, Disk.OTHER, REGISTER, 0, Cdbs.prList(0, K2, 0x01)));
            good(out(d, Disk.OTHER, RESERVE, 5, Cdbs.prList(K2, 0, 0)));
        }
        Path state = dir.resolve("state").resolve("pr-iqn.x%3Adisk%2F0.state");
        assertTrue(Files.exists(state), "named after the unit, escaped");
        try (Disk d = Disk.onStore(store, 512, aptpl)) {
            ByteBuffer keys = in(d, Disk.NEXUS, 0);
            assertEquals(2, keys.getInt(0));
            assertEquals(16, keys.getInt(4));
            ByteBuffer r = in(d, Disk.NEXUS, 1);
            assertEquals(K2, r.getLong(8));
            assertEquals(5, r.get(21));
            good(d.write(Disk.NEXUS, Cdbs.write16(0, 1), new byte[512]));
            good(out(d, Disk.NEXUS, REGISTER, 0, Cdbs.prList(K1, K1, 0)));
            assertTrue(Files.notExists(state), "APTPL 0 in the last REGISTER: nothing persists any more");
        }
        try (Disk d = Disk.onStore(store, 512, aptpl)) {
            assertEquals(0, in(d, Disk.NEXUS, 0).getInt(4));
        }
    }

    @Test
    void aCorruptStateFileRefusesToOpenTheLogicalUnit() throws IOException {
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        Files.writeString(state.resolve("pr-t%3A0.state"), "version 1\nregistration zz\n");
        DiskLogicalUnit.Options aptpl = DiskLogicalUnit.Options.defaults().withAptplFile(AptplFile.in(state, "t:0"));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> new DiskLogicalUnit(new MemoryStore(64 * 512), 512, Disk.IDENTITY, aptpl));
        assertTrue(e.getMessage().contains("pr-t%3A0.state:2"), e.getMessage());
    }

    @Test
    void spc2ReservationConflictsAndEndsWithItsNexusOrAReset() throws IOException {
        try (Disk d = disk()) {
            good(d.execute(Disk.NEXUS, Cdbs.reserve6()));
            good(d.execute(Disk.NEXUS, Cdbs.reserve6()));
            conflict(d.execute(Disk.OTHER, Cdbs.reserve6()));
            good(d.execute(Disk.OTHER, Cdbs.release6()));
            conflict(d.execute(Disk.OTHER, Cdbs.modeSense6(0x3F)));
            conflict(d.execute(Disk.OTHER, Cdbs.testUnitReady()));
            good(d.execute(Disk.OTHER, new byte[] {0x12, 0, 0, 0, 96, 0}));
            conflict(out(d, Disk.OTHER, REGISTER, 0, Cdbs.prList(0, K2, 0)));
            d.unit.itNexusLost(Disk.NEXUS);
            good(d.execute(Disk.OTHER, Cdbs.reserve6()));
            d.unit.logicalUnitReset(Disk.NEXUS);
            assertCheckCondition(d.execute(Disk.OTHER, Cdbs.testUnitReady()), 0x06, 0x29, 0x03);
            good(d.execute(Disk.NEXUS, Cdbs.reserve6()));
            // A persistent registration makes RESERVE and RELEASE conflict (SPC-2 §5.5.1).
            good(d.execute(Disk.NEXUS, Cdbs.release6()));
            good(out(d, Disk.OTHER, REGISTER, 0, Cdbs.prList(0, K2, 0)));
            conflict(d.execute(Disk.NEXUS, Cdbs.reserve6()));
            conflict(d.execute(Disk.NEXUS, Cdbs.release6()));
        }
    }

    /** SPC-4 table 509: iSCSI TransportID, FORMAT CODE 01b, NUL-terminated and padded to 4 bytes. */
    private static byte[] transportId(String portName) {
        byte[] ascii = portName.getBytes(StandardCharsets.US_ASCII);
        int length = (4 + ascii.length + 1 + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(length).put((byte) 0x45).put((byte) 0).putShort((short) (length - 4));
        b.put(ascii);
        return b.array();
    }
}
