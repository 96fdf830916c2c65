package io.jiet.scsi.disk;

import io.jiet.scsi.Cdb;
import io.jiet.scsi.OperationCode;

/**
 * The LBA, transfer length and flags that READ, WRITE, VERIFY, WRITE AND VERIFY, ORWRITE, WRITE ATOMIC and
 * COMPARE AND WRITE share, decoded by CDB size (the group code in the operation code's top bits, SPC-4 §4.2.5.1).
 * In the 6-byte form the LBA has 21 bits and a transfer length of 0 means 256 blocks; in the others 0 means no
 * blocks (SBC-3 §5.8-§5.11). WRITE ATOMIC (16) keeps a 16-bit length in bytes 12-13 (SBC-4 §5.48), COMPARE AND
 * WRITE an 8-bit NUMBER OF LOGICAL BLOCKS in byte 13 (SBC-3 §5.2).
 *
 * @param protect RDPROTECT, WRPROTECT, VRPROTECT or ORPROTECT (byte 1 bits 7-5)
 * @param transferLengthByte where the TRANSFER LENGTH field starts, for field pointers
 */
record Transfer(long lba, long blocks, int protect, boolean dpo, boolean fua, int byteCheck,
                int transferLengthByte) {

    static Transfer decode(Cdb cdb) {
        if (cdb.operationCode() == OperationCode.WRITE_ATOMIC_16) {
            return new Transfer(cdb.u64(2), cdb.u16(12), protect(cdb), cdb.bit(1, 4), cdb.bit(1, 3), 0, 12);
        }
        if (cdb.operationCode() == OperationCode.COMPARE_AND_WRITE) {
            return new Transfer(cdb.u64(2), cdb.u8(13), protect(cdb), cdb.bit(1, 4), cdb.bit(1, 3), 0, 13);
        }
        return switch (cdb.operationCode() >>> 5) {
            case 0 -> new Transfer(cdb.u24(1) & 0x1F_FFFF, cdb.u8(4) == 0 ? 256 : cdb.u8(4), 0, false, false, 0, 4);
            case 1, 2 -> new Transfer(cdb.u32(2), cdb.u16(7), protect(cdb), cdb.bit(1, 4), cdb.bit(1, 3),
                    cdb.field(1, 0x06), 7);
            case 5 -> new Transfer(cdb.u32(2), cdb.u32(6), protect(cdb), cdb.bit(1, 4), cdb.bit(1, 3),
                    cdb.field(1, 0x06), 6);
            default -> new Transfer(cdb.u64(2), cdb.u32(10), protect(cdb), cdb.bit(1, 4), cdb.bit(1, 3),
                    cdb.field(1, 0x06), 10);
        };
    }

    private static int protect(Cdb cdb) {
        return cdb.field(1, 0xE0);
    }
}
