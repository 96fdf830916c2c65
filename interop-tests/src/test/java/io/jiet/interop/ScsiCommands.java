package io.jiet.interop;

import java.nio.ByteBuffer;

/**
 * CDBs and parameter lists for the disk-emulation interop tests, laid out from the standards (the raw initiator's
 * own {@code Cdb} covers only the core commands). Stateless.
 */
final class ScsiCommands {

    static final int RESERVATION_CONFLICT = 0x18;
    static final int SENSE_KEY_MISCOMPARE = 0x0E;

    private ScsiCommands() {
    }

    /** PERSISTENT RESERVE OUT (SPC-4 table 195) with a 24-byte parameter list. */
    static byte[] persistentReserveOut(int serviceAction, int type) {
        return ByteBuffer.allocate(10).put((byte) 0x5F).put((byte) serviceAction).put((byte) type)
                .putShort((short) 0).putInt(24).put((byte) 0).array();
    }

    /** SPC-4 table 198: RESERVATION KEY, SERVICE ACTION RESERVATION KEY, APTPL in byte 20. */
    static byte[] persistentReserveOutParameters(long key, long serviceActionKey, boolean aptpl) {
        ByteBuffer b = ByteBuffer.allocate(24).putLong(key).putLong(serviceActionKey);
        b.put(20, (byte) (aptpl ? 0x01 : 0));
        return b.array();
    }

    /** PERSISTENT RESERVE IN (SPC-4 table 164). */
    static byte[] persistentReserveIn(int serviceAction, int allocationLength) {
        return ByteBuffer.allocate(10).put((byte) 0x5E).put((byte) serviceAction).putInt(0).put((byte) 0)
                .putShort((short) allocationLength).put((byte) 0).array();
    }

    /** COMPARE AND WRITE (SBC-3 table 12): {@code blocks} to compare, then as many to write. */
    static byte[] compareAndWrite(long lba, int blocks) {
        return ByteBuffer.allocate(16).put((byte) 0x89).put((byte) 0).putLong(lba).put(new byte[3])
                .put((byte) blocks).put((byte) 0).put((byte) 0).array();
    }

    /** READ (16) (SBC-3 table 39). */
    static byte[] read16(long lba, int blocks) {
        return ByteBuffer.allocate(16).put((byte) 0x88).put((byte) 0).putLong(lba).putInt(blocks).put((byte) 0)
                .put((byte) 0).array();
    }

    /** WRITE (16) (SBC-3 table 103). */
    static byte[] write16(long lba, int blocks) {
        return ByteBuffer.allocate(16).put((byte) 0x8A).put((byte) 0).putLong(lba).putInt(blocks).put((byte) 0)
                .put((byte) 0).array();
    }

    /** UNMAP (SBC-3 table 82) with one block descriptor. */
    static byte[] unmap() {
        return ByteBuffer.allocate(10).put((byte) 0x42).put(new byte[6]).putShort((short) 24).put((byte) 0).array();
    }

    /** SBC-3 tables 83-84: the header and one descriptor. */
    static byte[] unmapParameters(long lba, int blocks) {
        return ByteBuffer.allocate(24).putShort((short) 22).putShort((short) 16).putInt(0).putLong(lba)
                .putInt(blocks).putInt(0).array();
    }

    /** SYNCHRONIZE CACHE (10) of the whole medium. */
    static byte[] synchronizeCache() {
        return new byte[] {0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    }
}
