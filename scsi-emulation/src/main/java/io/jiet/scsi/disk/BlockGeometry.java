package io.jiet.scsi.disk;

import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.Sense;

/**
 * Logical block length and count of a disk, the LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT (SBC-3 §5.16.2), and
 * the range checks of SBC-3 §4.5. Immutable.
 */
record BlockGeometry(int blockSize, long blockCount, int physicalBlockExponent) {

    /**
     * The largest transfer one READ or WRITE may ask for; it is advertised as MAXIMUM TRANSFER LENGTH in the Block
     * Limits VPD page and bounds the buffer one command needs.
     */
    static final int MAXIMUM_TRANSFER_BYTES = 8 << 20;

    BlockGeometry {
        if (Integer.bitCount(blockSize) != 1 || blockSize < 512 || blockSize > 4096) {
            throw new IllegalArgumentException("block size must be 512, 1024, 2048 or 4096: " + blockSize);
        }
        if (blockCount < 1) {
            throw new IllegalArgumentException("a disk needs at least one logical block");
        }
        if (physicalBlockExponent < 0 || physicalBlockExponent > 15) {
            throw new IllegalArgumentException("physical block exponent out of range: " + physicalBlockExponent);
        }
    }

    /**
     * The geometry of a store of {@code bytes} bytes whose allocation unit is {@code allocationUnit} bytes (0 when
     * unknown): one physical block is one allocation unit when that is larger than a logical block.
     */
    static BlockGeometry of(int blockSize, long bytes, int allocationUnit) {
        int exponent = allocationUnit > blockSize
                ? Math.min(15, Integer.numberOfTrailingZeros(allocationUnit / blockSize)) : 0;
        return new BlockGeometry(blockSize, bytes / blockSize, exponent);
    }

    long lastLogicalBlockAddress() {
        return blockCount - 1;
    }

    int maximumTransferBlocks() {
        return MAXIMUM_TRANSFER_BYTES / blockSize;
    }

    /** Logical blocks per physical block (2^LBPPBE). */
    int logicalBlocksPerPhysicalBlock() {
        return 1 << physicalBlockExponent;
    }

    /**
     * LBA OUT OF RANGE unless {@code lba} through {@code lba + blocks - 1} lie on the medium. {@code lba} is
     * unsigned (READ (16) carries 64 bits); with no blocks, an LBA equal to the capacity is accepted, as LIO does.
     */
    void checkRange(long lba, long blocks) throws CheckCondition {
        if (Long.compareUnsigned(lba, blockCount) > 0 || blocks > blockCount - lba) {
            throw new CheckCondition(Sense.LBA_OUT_OF_RANGE);
        }
    }

    long byteOffset(long lba) {
        return lba * blockSize;
    }
}
