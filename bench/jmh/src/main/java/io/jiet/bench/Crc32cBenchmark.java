package io.jiet.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under jiet's digests: java.util.zip.CRC32C (the intrinsic io.jiet.pdu.Crc32c uses) over a heap array
 * and a direct buffer, for a BHS (48 bytes) and 8 KiB / 256 KiB data segments. Compare with the crc32c variants of
 * {@link DataInCodecBenchmark} to see what the codec adds on top of the checksum itself.
 *
 * <p>Threading: JMH gives each benchmark thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class Crc32cBenchmark {

    @Param({"48", "8192", "262144"})
    public int size;

    private byte[] heap;
    private ByteBuffer direct;

    @Setup
    public void setUp() {
        heap = new byte[size];
        ThreadLocalRandom.current().nextBytes(heap);
        direct = ByteBuffer.allocateDirect(size).put(heap).flip();
    }

    @Benchmark
    public long heapArray() {
        CRC32C crc = new CRC32C();
        crc.update(heap, 0, heap.length);
        return crc.getValue();
    }

    @Benchmark
    public long directBuffer() {
        CRC32C crc = new CRC32C();
        crc.update(direct.duplicate());
        return crc.getValue();
    }
}
