package io.jiet.interop.initiator;

/** The few CDBs these tests send, laid out per SPC-4 and SBC-3 (big-endian multi-byte fields). */
public final class Cdb {
    private Cdb() {
    }

    /** SPC-4 §6.47: six zero bytes. */
    public static byte[] testUnitReady() {
        return new byte[6];
    }

    /** SPC-4 §6.6: opcode 12h, EVPD in byte 1 bit 0, page code byte 2, ALLOCATION LENGTH bytes 3-4. */
    public static byte[] inquiry(boolean evpd, int pageCode, int allocationLength) {
        byte[] cdb = new byte[6];
        cdb[0] = 0x12;
        cdb[1] = (byte) (evpd ? 1 : 0);
        cdb[2] = (byte) pageCode;
        cdb[3] = (byte) (allocationLength >>> 8);
        cdb[4] = (byte) allocationLength;
        return cdb;
    }

    /** SPC-4 §6.33: opcode A0h, SELECT REPORT 00h, ALLOCATION LENGTH bytes 6-9. */
    public static byte[] reportLuns(int allocationLength) {
        byte[] cdb = new byte[12];
        cdb[0] = (byte) 0xa0;
        putInt(cdb, 6, allocationLength);
        return cdb;
    }

    /** SBC-3 §5.15: opcode 25h; returns the last LBA and the block length, 4 bytes each. */
    public static byte[] readCapacity10() {
        byte[] cdb = new byte[10];
        cdb[0] = 0x25;
        return cdb;
    }

    /** SBC-3 §5.11: opcode 28h, LBA bytes 2-5, TRANSFER LENGTH bytes 7-8 (blocks). */
    public static byte[] read10(long lba, int blocks) {
        return rw10(0x28, lba, blocks);
    }

    /** SBC-3 §5.32: opcode 2Ah, same layout as READ(10). */
    public static byte[] write10(long lba, int blocks) {
        return rw10(0x2a, lba, blocks);
    }

    private static byte[] rw10(int opcode, long lba, int blocks) {
        if (lba < 0 || lba > 0xffff_ffffL || blocks < 0 || blocks > 0xffff) {
            throw new IllegalArgumentException("out of 10-byte CDB range: lba=" + lba + " blocks=" + blocks);
        }
        byte[] cdb = new byte[10];
        cdb[0] = (byte) opcode;
        putInt(cdb, 2, (int) lba);
        cdb[7] = (byte) (blocks >>> 8);
        cdb[8] = (byte) blocks;
        return cdb;
    }

    private static void putInt(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 24);
        b[offset + 1] = (byte) (value >>> 16);
        b[offset + 2] = (byte) (value >>> 8);
        b[offset + 3] = (byte) value;
    }
}
