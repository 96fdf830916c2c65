package io.jiet.backstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;

/** A FileChannel that forwards to a real one and records the order of positional writes and forces. */
final class RecordingChannel extends FileChannel {

    final List<String> events = new ArrayList<>();
    private final FileChannel delegate;

    RecordingChannel(FileChannel delegate) {
        this.delegate = delegate;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        // Short writes exercise the store's loop: at most 3 bytes per call.
        ByteBuffer slice = src.duplicate();
        slice.limit(slice.position() + Math.min(3, slice.remaining()));
        int n = delegate.write(slice, position);
        src.position(src.position() + n);
        events.add("write@" + position);
        return n;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        ByteBuffer slice = dst.duplicate();
        slice.limit(slice.position() + Math.min(3, slice.remaining()));
        int n = delegate.read(slice, position);
        if (n > 0) {
            dst.position(dst.position() + n);
        }
        return n;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        events.add("force");
        delegate.force(metaData);
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public int read(ByteBuffer dst) {
        throw new UnsupportedOperationException("the store must use positional reads");
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int write(ByteBuffer src) {
        throw new UnsupportedOperationException("the store must use positional writes");
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long position() {
        throw new UnsupportedOperationException();
    }

    @Override
    public FileChannel position(long newPosition) {
        throw new UnsupportedOperationException();
    }

    @Override
    public FileChannel truncate(long size) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException();
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException();
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
