package io.jiet.backstore;

import java.nio.channels.FileChannel;

/**
 * Bytes a store can hand to the network straight from its file: {@code length} bytes at {@code position} of
 * {@code channel}, all inside the file and in the page cache, so a zero-copy send (sendfile) neither reads past
 * the end nor waits for the device. The channel stays the store's: whoever sends from it must not close it.
 */
public record FileSpan(FileChannel channel, long position, int length) {
}
