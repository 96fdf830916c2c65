package io.jiet.bench;

import io.jiet.pdu.DataIn;
import io.jiet.pdu.DigestOptions;
import io.jiet.pdu.Pdu;
import io.jiet.pdu.PduCodec;
import io.jiet.pdu.PduDecoder;
import io.jiet.pdu.PduEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A final SCSI Data-In with status (RFC 7143 §11.7) of 8 KiB or 256 KiB (jiet's MaxXmitDataSegmentLength in the
 * benchmark), through {@link PduEncoder} (target side: what every read costs) and {@link PduDecoder} (the same
 * framing path a Data-Out or immediate data takes on the way in), with digests off or CRC32C on. With digests off
 * both directions should cost the same for 8 KiB and 256 KiB: the data segment is sliced, never copied.
 *
 * <p>Threading: JMH gives each benchmark thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DataInCodecBenchmark {

    @Param({"8192", "262144"})
    public int size;

    @Param({"none", "crc32c"})
    public String digests;

    private ByteBuf payload;
    private ByteBuf wire;
    private EmbeddedChannel decoderChannel;
    private EmbeddedChannel encoderChannel;

    @Setup(Level.Trial)
    public void setUp() {
        DigestOptions options = "crc32c".equals(digests) ? DigestOptions.HEADER_AND_DATA : DigestOptions.NONE;
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        payload = ByteBufAllocator.DEFAULT.directBuffer(size).writeBytes(bytes);
        wire = PduCodec.encode(dataIn(payload.retainedDuplicate()), ByteBufAllocator.DEFAULT, options);
        payload.release();  // encode does not consume the PDU's reference; drop the duplicate's
        PduDecoder decoder = new PduDecoder(262144);
        decoder.reconfigure(options, 262144);
        decoderChannel = new EmbeddedChannel(decoder);
        PduEncoder encoder = new PduEncoder();
        encoder.reconfigure(options);
        encoderChannel = new EmbeddedChannel(encoder);
    }

    private DataIn dataIn(ByteBuf data) {
        return new DataIn(true, false, false, false, true, 0, 0, 0x1234, 0xffffffff, 1000, 2000, 2031, 0, 0, 0,
                data);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        payload.release();
        wire.release();
        decoderChannel.finishAndReleaseAll();
        encoderChannel.finishAndReleaseAll();
    }

    @Benchmark
    public void encode(Blackhole bh) {
        encoderChannel.writeOutbound(dataIn(payload.retainedDuplicate()));
        for (Object out; (out = encoderChannel.readOutbound()) != null; ) {
            bh.consume(out);
            ((ByteBuf) out).release();
        }
    }

    @Benchmark
    public Object decode() {
        decoderChannel.writeInbound(wire.retainedDuplicate());
        Pdu pdu = decoderChannel.readInbound();
        pdu.release();
        return pdu;
    }
}
