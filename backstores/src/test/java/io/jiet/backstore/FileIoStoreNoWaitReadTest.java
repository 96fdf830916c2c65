package io.jiet.backstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BlockStore#tryRead}: a read served from the page cache without waiting (preadv2 RWF_NOWAIT). Data just
 * written through the store is cached, so the no-wait read must succeed and return exactly those bytes.
 */
class FileIoStoreNoWaitReadTest {

    @TempDir
    Path dir;

    private static byte[] pattern(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void cachedBytesAreReadWithoutWaitingAndMatchWhatWasWritten() throws IOException {
        Path file = dir.resolve("lun.img");
        Files.write(file, new byte[1 << 20]);
        try (FileIoStore store = FileIoStore.open(file, IoMode.WRITE_BACK)) {
            byte[] written = pattern(64 * 1024, 7);
            store.write(12_288, ByteBuffer.wrap(written), false);
            ByteBuffer dst = ByteBuffer.allocateDirect(written.length);
            boolean served = store.tryRead(12_288, dst);
            assumeTrue(served, "this kernel or file system does not serve RWF_NOWAIT reads");
            assertFalse(dst.hasRemaining());
            byte[] read = new byte[written.length];
            dst.flip().get(read);
            assertEquals(ByteBuffer.wrap(written), ByteBuffer.wrap(read));
        }
    }

    @Test
    void bytesPastTheEndOfTheFileReadAsZerosLikeABlockingRead() throws IOException {
        Path file = dir.resolve("short.img");
        byte[] content = pattern(4096, 11);
        Files.write(file, content);
        try (FileIoStore store = FileIoStore.open(file, IoMode.WRITE_BACK)) {
            ByteBuffer noWait = ByteBuffer.allocateDirect(8192);
            assumeTrue(store.tryRead(2048, noWait), "no RWF_NOWAIT reads here");
            ByteBuffer blocking = ByteBuffer.allocateDirect(8192);
            store.read(2048, blocking);
            assertEquals(blocking.flip(), noWait.flip());
            assertEquals(content[2048], noWait.get(0));
            assertEquals(0, noWait.get(8191));
        }
    }

    @Test
    void aHeapBufferIsLeftToTheBlockingRead() throws IOException {
        Path file = dir.resolve("heap.img");
        Files.write(file, pattern(4096, 3));
        try (FileIoStore store = FileIoStore.open(file, IoMode.READ_ONLY)) {
            assertFalse(store.tryRead(0, ByteBuffer.allocate(512)));
        }
    }

    @Test
    void aCachedRangeIsOfferedAsAFileSpanAndAnEvictedOneIsNot() throws Exception {
        Path file = dir.resolve("span.img");
        byte[] content = pattern(256 * 1024, 5);
        Files.write(file, content);
        try (FileIoStore store = FileIoStore.open(file, IoMode.WRITE_BACK)) {
            store.read(0, ByteBuffer.allocate(content.length)); // everything cached
            var span = store.cachedFileSpan(4096, 65536);
            assumeTrue(span.isPresent(), "this kernel has no cachestat(2) (Linux 6.5+)");
            assertEquals(4096, span.get().position());
            assertEquals(65536, span.get().length());
            ByteBuffer viaChannel = ByteBuffer.allocate(65536);
            span.get().channel().read(viaChannel, span.get().position());
            assertEquals(ByteBuffer.wrap(content, 4096, 65536), viaChannel.flip());
            assertTrue(store.cachedFileSpan(content.length - 512, 1024).isEmpty(), "past the end of the file");
            span.get().release();

            store.flush();
            Process drop = new ProcessBuilder("dd", "if=" + file, "iflag=nocache", "count=0")
                    .redirectErrorStream(true).start();
            assumeTrue(drop.waitFor() == 0, "dd cannot drop the file's cache here");
            assertTrue(store.cachedFileSpan(4096, 65536).isEmpty(), "evicted pages are not offered");
        }
    }

    @Test
    void aSpanStillBeingSentKeepsTheChannelOpenPastCloseUntilItIsReleased() throws IOException {
        Path file = dir.resolve("lease.img");
        Files.write(file, pattern(64 * 1024, 9));
        FileIoStore store = FileIoStore.open(file, IoMode.WRITE_BACK);
        store.read(0, ByteBuffer.allocate(64 * 1024));
        var first = store.cachedFileSpan(0, 4096);
        assumeTrue(first.isPresent(), "this kernel has no cachestat(2) (Linux 6.5+)");
        var second = store.cachedFileSpan(4096, 4096).orElseThrow();
        store.close();
        assertTrue(store.cachedFileSpan(0, 4096).isEmpty(), "a closing store hands out no more spans");
        assertTrue(first.get().channel().isOpen(), "two spans out: sendfile may still read");
        first.get().release();
        ByteBuffer stillReadable = ByteBuffer.allocate(4096);
        second.channel().read(stillReadable, second.position());
        assertFalse(stillReadable.hasRemaining());
        second.release();
        assertFalse(second.channel().isOpen(), "the last span out closed the channel");
    }

    @Test
    void nullioNeverWaits() {
        NullIoStore store = new NullIoStore(1 << 20);
        ByteBuffer dst = ByteBuffer.allocateDirect(4096);
        assertTrue(store.tryRead(0, dst));
        assertEquals(0, dst.position(0).get(4095));
    }
}
