package io.jiet.scsi.disk;

import java.nio.ByteBuffer;

/** CDBs and parameter lists for the handler tests, laid out from the SPC-4/SBC-3 tables the handlers cite. */
final class Cdbs {

    private Cdbs() {
    }

    static byte[] testUnitReady() {
        return new byte[6];
    }

    static byte[] requestSense(boolean descriptor) {
        return new byte[] {0x03, (byte) (descriptor ? 1 : 0), 0, 0, (byte) 252, 0};
    }

    static byte[] read16(long lba, int blocks) {
        return ByteBuffer.allocate(16).put((byte) 0x88).put((byte) 0).putLong(lba).putInt(blocks).putShort((short) 0)
                .array();
    }

    static byte[] write16(long lba, int blocks) {
        return ByteBuffer.allocate(16).put((byte) 0x8A).put((byte) 0).putLong(lba).putInt(blocks).putShort((short) 0)
                .array();
    }

    static byte[] compareAndWrite(long lba, int blocks) {
        return ByteBuffer.allocate(16).put((byte) 0x89).put((byte) 0).putLong(lba).put(new byte[3])
                .put((byte) blocks).putShort((short) 0).array();
    }

    static byte[] orWrite(long lba, int blocks) {
        return ByteBuffer.allocate(16).put((byte) 0x8B).put((byte) 0).putLong(lba).putInt(blocks).putShort((short) 0)
                .array();
    }

    static byte[] writeAtomic(long lba, int blocks) {
        return ByteBuffer.allocate(16).put((byte) 0x9C).put((byte) 0).putLong(lba).putShort((short) 0)
                .putShort((short) blocks).putShort((short) 0).array();
    }

    /** WRITE SAME (16): byte 1 carries UNMAP (08h) and NDOB (01h). */
    static byte[] writeSame16(long lba, int blocks, int flags) {
        return ByteBuffer.allocate(16).put((byte) 0x93).put((byte) flags).putLong(lba).putInt(blocks)
                .putShort((short) 0).array();
    }

    static byte[] writeSame10(long lba, int blocks, int flags) {
        return ByteBuffer.allocate(10).put((byte) 0x41).put((byte) flags).putInt((int) lba).put((byte) 0)
                .putShort((short) blocks).put((byte) 0).array();
    }

    static byte[] unmap(int listLength) {
        return ByteBuffer.allocate(10).put((byte) 0x42).put(new byte[6]).putShort((short) listLength).put((byte) 0)
                .array();
    }

    /** An UNMAP parameter list with descriptors given as {lba, blocks} pairs. */
    static byte[] unmapList(long... lbaAndBlocks) {
        int count = lbaAndBlocks.length / 2;
        ByteBuffer b = ByteBuffer.allocate(8 + 16 * count).putShort((short) (6 + 16 * count))
                .putShort((short) (16 * count)).putInt(0);
        for (int i = 0; i < count; i++) {
            b.putLong(lbaAndBlocks[2 * i]).putInt((int) lbaAndBlocks[2 * i + 1]).putInt(0);
        }
        return b.array();
    }

    static byte[] getLbaStatus(long lba, int allocationLength) {
        return ByteBuffer.allocate(16).put((byte) 0x9E).put((byte) 0x12).putLong(lba).putInt(allocationLength)
                .putShort((short) 0).array();
    }

    static byte[] readCapacity16() {
        return ByteBuffer.allocate(16).put((byte) 0x9E).put((byte) 0x10).putLong(0).putInt(32).putShort((short) 0)
                .array();
    }

    static byte[] inquiryVpd(int page) {
        return new byte[] {0x12, 1, (byte) page, 0, (byte) 0xFF, 0};
    }

    static byte[] persistentReserveOut(int serviceAction, int type, int listLength) {
        return ByteBuffer.allocate(10).put((byte) 0x5F).put((byte) serviceAction).put((byte) type)
                .putShort((short) 0).putInt(listLength).put((byte) 0).array();
    }

    /** SPC-4 table 198, 24 bytes; {@code flags} is byte 20 (SPEC_I_PT 08h, ALL_TG_PT 04h, APTPL 01h). */
    static byte[] prList(long key, long serviceActionKey, int flags) {
        ByteBuffer b = ByteBuffer.allocate(24).putLong(key).putLong(serviceActionKey);
        b.put(20, (byte) flags);
        return b.array();
    }

    static byte[] persistentReserveIn(int serviceAction) {
        return ByteBuffer.allocate(10).put((byte) 0x5E).put((byte) serviceAction).putInt(0).put((byte) 0)
                .putShort((short) 4096).put((byte) 0).array();
    }

    static byte[] reserve6() {
        return new byte[] {0x16, 0, 0, 0, 0, 0};
    }

    static byte[] release6() {
        return new byte[] {0x17, 0, 0, 0, 0, 0};
    }

    static byte[] modeSense6(int page) {
        return new byte[] {0x1A, 0x08, (byte) page, 0, (byte) 255, 0};
    }

    static byte[] modeSelect6(int listLength) {
        return new byte[] {0x15, 0x10, 0, 0, (byte) listLength, 0};
    }

    static byte[] extendedCopy(int listLength) {
        return ByteBuffer.allocate(16).put((byte) 0x83).put((byte) 0).put(new byte[8]).putInt(listLength)
                .putShort((short) 0).array();
    }

    static byte[] receiveCopyResults(int serviceAction, int listId) {
        return ByteBuffer.allocate(16).put((byte) 0x84).put((byte) serviceAction).put((byte) listId)
                .put(new byte[7]).putInt(1024).putShort((short) 0).array();
    }

    static byte[] sanitize(int serviceAction, boolean immediate, int listLength) {
        return new byte[] {0x48, (byte) ((immediate ? 0x80 : 0) | serviceAction), 0, 0, 0, 0, 0,
            (byte) (listLength >>> 8), (byte) listLength, 0};
    }
}
