package io.jiet.backstore;

import java.nio.channels.FileChannel;

/**
 * Bytes a store can hand to the network straight from its file: {@code length} bytes at {@code position} of
 * {@code channel}, all inside the file and in the page cache, so a zero-copy send (sendfile) neither reads past
 * the end nor waits for the device. The channel stays the store's and stays open until the span is released:
 * whoever sends from it must call {@link #release()} exactly once, when the bytes are sent or dropped.
 */
public record FileSpan(FileChannel channel, long position, int length, Runnable onRelease) {

    /** Gives the span back: the store may now close its channel if it is being closed. */
    public void release() {
        onRelease.run();
    }
}
