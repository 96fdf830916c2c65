package io.jiet.scsi.disk;

import io.jiet.backstore.BlockStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** An in-memory store that records writes and flushes, and can be made to fail. Single-threaded tests only. */
final class MemoryStore implements BlockStore {

    final byte[] bytes;
    final List<String> operations = new ArrayList<>();
    boolean failing;
    boolean writeCache = true;

    MemoryStore(int size) {
        bytes = new byte[size];
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public boolean writeCacheEnabled() {
        return writeCache;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        if (failing) {
            throw new IOException("injected read failure");
        }
        operations.add("read " + offset + "+" + dst.remaining());
        dst.put(bytes, (int) offset, dst.remaining());
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean durable) throws IOException {
        if (failing) {
            throw new IOException("injected write failure");
        }
        operations.add("write " + offset + "+" + src.remaining() + (durable ? " durable" : ""));
        src.get(bytes, (int) offset, src.remaining());
    }

    @Override
    public void flush() throws IOException {
        if (failing) {
            throw new IOException("injected flush failure");
        }
        operations.add("flush");
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
    }
}
