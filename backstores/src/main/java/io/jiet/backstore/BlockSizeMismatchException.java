package io.jiet.backstore;

import java.io.IOException;

/**
 * A LUN's configured block size that its device cannot address: smaller than the device's logical block, or not a
 * multiple of it. A configuration mistake rather than an I/O failure, so the daemon can report it as one.
 */
public final class BlockSizeMismatchException extends IOException {

    private final int blockSize;
    private final int logicalBlockSize;

    public BlockSizeMismatchException(String message, int blockSize, int logicalBlockSize) {
        super(message);
        this.blockSize = blockSize;
        this.logicalBlockSize = logicalBlockSize;
    }

    /** The LUN's configured BlockSize. */
    public int blockSize() {
        return blockSize;
    }

    /** The device's logical block size. */
    public int logicalBlockSize() {
        return logicalBlockSize;
    }
}
