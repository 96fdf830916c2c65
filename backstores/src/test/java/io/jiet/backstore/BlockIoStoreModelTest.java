package io.jiet.backstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random writes (heap and aligned direct buffers, single and gathered from pieces), unmaps and reads at any offset and length against a byte array:
 * every read, the final contents and a plain read of the file must match the model.
 */
class BlockIoStoreModelTest {

    private static final int SIZE = 40 * 1024;

    sealed interface Op {
    }

    record Write(int offset, byte[] data, boolean direct, boolean durable) implements Op {
    }

    record Unmap(int offset, int length) implements Op {
    }

    /** One command's data in several pieces (PDUs), some possibly empty. */
    record GatheredWrite(int offset, List<byte[]> pieces, boolean durable) implements Op {
    }

    record Read(int offset, int length) implements Op {
    }

    @Property(tries = 60)
    void theStoreBehavesLikeAByteArray(@ForAll("operations") List<Op> ops) throws IOException {
        try (DirectIoDirectory dir = DirectIoDirectory.create()) {
            byte[] model = new byte[SIZE];
            Arrays.fill(model, (byte) 0x33);
            Path p = dir.file("lun.img", model.clone());
            try (BlockIoStore store = BlockIoStore.open(p, IoMode.WRITE_THROUGH)) {
                for (Op op : ops) {
                    switch (op) {
                        case Write w -> {
                            store.write(w.offset(), source(w.data(), w.direct()), w.durable());
                            System.arraycopy(w.data(), 0, model, w.offset(), w.data().length);
                        }
                        case GatheredWrite g -> {
                            ByteBuffer[] srcs = g.pieces().stream().map(ByteBuffer::wrap).toArray(ByteBuffer[]::new);
                            store.write(g.offset(), srcs, g.durable());
                            int at = g.offset();
                            for (byte[] piece : g.pieces()) {
                                System.arraycopy(piece, 0, model, at, piece.length);
                                at += piece.length;
                            }
                            for (ByteBuffer src : srcs) {
                                assertEquals(0, src.remaining(), "every piece is consumed");
                            }
                        }
                        case Unmap u -> {
                            store.unmap(u.offset(), u.length());
                            Arrays.fill(model, u.offset(), u.offset() + u.length(), (byte) 0);
                        }
                        case Read r -> {
                            ByteBuffer dst = ByteBuffer.allocate(r.length());
                            store.read(r.offset(), dst);
                            assertArrayEquals(Arrays.copyOfRange(model, r.offset(), r.offset() + r.length()),
                                    dst.array(), r.toString());
                        }
                    }
                }
                ByteBuffer whole = ByteBuffer.allocate(SIZE);
                store.read(0, whole);
                assertArrayEquals(model, whole.array());
            }
            assertArrayEquals(model, Files.readAllBytes(p));
        }
    }

    private static ByteBuffer source(byte[] data, boolean direct) {
        if (!direct) {
            return ByteBuffer.wrap(data);
        }
        ByteBuffer b = ByteBuffer.allocateDirect((data.length / 4096 + 2) * 4096).alignedSlice(4096);
        return b.put(data).flip();
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        // Offsets cluster on unit boundaries so aligned, nearly aligned and unaligned transfers all occur.
        Arbitrary<Integer> offset = Arbitraries.oneOf(
                Arbitraries.integers().between(0, SIZE / 4096 - 1).map(u -> u * 4096),
                Arbitraries.integers().between(0, SIZE / 512 - 1).map(u -> u * 512),
                Arbitraries.integers().between(0, SIZE - 1));
        Arbitrary<Op> write = offset.flatMap(at -> Combinators.combine(
                length(at).flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n)),
                Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((data, direct, durable) -> new Write(at, data, direct, durable)));
        Arbitrary<Op> gathered = offset.flatMap(at -> Combinators.combine(
                length(at).flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n)),
                Arbitraries.integers().between(0, 5000).list().ofMaxSize(6), Arbitraries.of(true, false))
                .as((data, cuts, durable) -> new GatheredWrite(at, split(data, cuts), durable)));
        Arbitrary<Op> unmap = offset.flatMap(at -> length(at).map(n -> new Unmap(at, n)));
        Arbitrary<Op> read = offset.flatMap(at -> length(at).map(n -> new Read(at, n)));
        return Arbitraries.frequencyOf(
                Tuple.of(5, write), Tuple.of(3, gathered), Tuple.of(2, unmap), Tuple.of(3, read))
                .list().ofMaxSize(15);
    }

    /** {@code data} cut at the given points (clamped, sorted), so pieces may be empty. */
    private static List<byte[]> split(byte[] data, List<Integer> cuts) {
        int[] points = cuts.stream().mapToInt(c -> Math.min(c, data.length)).sorted().toArray();
        List<byte[]> pieces = new ArrayList<>();
        int start = 0;
        for (int point : points) {
            pieces.add(Arrays.copyOfRange(data, start, point));
            start = point;
        }
        pieces.add(Arrays.copyOfRange(data, start, data.length));
        return pieces;
    }

    /** Whole units where they fit, any length otherwise, never past the end. */
    private static Arbitrary<Integer> length(int at) {
        int room = SIZE - at;
        Arbitrary<Integer> any = Arbitraries.integers().between(1, room);
        return room < 4096 ? any
                : Arbitraries.oneOf(Arbitraries.integers().between(1, room / 4096).map(n -> n * 4096), any);
    }
}
