package io.jiet.backstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class FileIoStoreModelTest {

    private static final int SIZE = 4096;

    record Write(int offset, byte[] data, boolean durable) {
    }

    @Property(tries = 50)
    void theFileEndsUpAsASequentialModelPredicts(@ForAll("writes") List<Write> writes) throws IOException {
        Path p = Files.createTempFile("jiet-store", ".img");
        try {
            Files.write(p, new byte[SIZE]);
            byte[] model = new byte[SIZE];
            try (FileIoStore store = FileIoStore.open(p, IoMode.WRITE_BACK)) {
                for (Write w : writes) {
                    store.write(w.offset(), ByteBuffer.wrap(w.data()), w.durable());
                    System.arraycopy(w.data(), 0, model, w.offset(), w.data().length);
                }
                ByteBuffer whole = ByteBuffer.allocate(SIZE);
                store.read(0, whole);
                assertArrayEquals(model, whole.array());
            }
            assertArrayEquals(model, Files.readAllBytes(p));
        } finally {
            Files.delete(p);
        }
    }

    @Provide
    Arbitrary<List<Write>> writes() {
        Arbitrary<Write> write = Arbitraries.integers().between(0, SIZE - 1).flatMap(offset ->
                Combinators.combine(
                        Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(SIZE - offset),
                        Arbitraries.of(true, false))
                        .as((data, durable) -> new Write(offset, data, durable)));
        return write.list().ofMaxSize(12);
    }
}
