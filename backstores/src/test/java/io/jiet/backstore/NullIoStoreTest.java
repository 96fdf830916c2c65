package io.jiet.backstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NullIoStoreTest {

    @Test
    void readsZerosAfterAnyWrite() {
        NullIoStore store = new NullIoStore(1 << 30);
        ByteBuffer src = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        store.write(100, src, true);
        assertFalse(src.hasRemaining(), "the write consumes its buffer");

        ByteBuffer dst = ByteBuffer.allocate(200_000);
        Arrays.fill(dst.array(), (byte) 9);
        store.read(100, dst);
        assertFalse(dst.hasRemaining());
        assertArrayEquals(new byte[200_000], dst.array());
        assertEquals(1 << 30, store.size());
        assertEquals("nullio", store.describe());
    }

    @Test
    void rejectsNegativeSize() {
        assertThrows(IllegalArgumentException.class, () -> new NullIoStore(-1));
    }
}
