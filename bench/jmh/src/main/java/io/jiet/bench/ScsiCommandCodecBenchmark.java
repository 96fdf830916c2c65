package io.jiet.bench;

import io.jiet.pdu.DigestOptions;
import io.jiet.pdu.Pdu;
import io.jiet.pdu.PduCodec;
import io.jiet.pdu.PduDecoder;
import io.jiet.pdu.PduEncoder;
import io.jiet.pdu.ScsiCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
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
 * A READ(16) SCSI Command (RFC 7143 §11.3, no data segment): the BHS alone through {@link PduCodec}, and the whole
 * receive/send path through {@link PduDecoder}/{@link PduEncoder} in an {@link EmbeddedChannel}, with and without a
 * header digest. This is the per-command cost of the 4K random-read rows of bench/run.sh.
 *
 * <p>Threading: JMH gives each benchmark thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ScsiCommandCodecBenchmark {

    @Param({"none", "crc32c"})
    public String digests;

    private ScsiCommand read16;
    private ByteBuf header;
    private ByteBuf bhs;
    private ByteBuf wire;
    private EmbeddedChannel decoderChannel;
    private EmbeddedChannel encoderChannel;
    private EmbeddedChannel bareChannel;

    @Setup(Level.Trial)
    public void setUp() {
        DigestOptions options = "crc32c".equals(digests) ? DigestOptions.HEADER_AND_DATA : DigestOptions.NONE;
        // READ(16) of 8 blocks at LBA 0x123456 (SBC-3 §5.16)
        byte[] cdb = ByteBuffer.allocate(16).put((byte) 0x88).put(2, new byte[8]).putLong(2, 0x123456L)
                .putInt(10, 8).array();
        read16 = new ScsiCommand(false, true, true, false, 1, 0, 0x1234, 4096, 77, 66, cdb, 0,
                Unpooled.EMPTY_BUFFER);
        header = ByteBufAllocator.DEFAULT.directBuffer(PduCodec.BHS_LENGTH + PduCodec.DIGEST_LENGTH);
        wire = PduCodec.encode(read16, ByteBufAllocator.DEFAULT, options);
        bhs = wire.slice(0, PduCodec.BHS_LENGTH);
        PduDecoder decoder = new PduDecoder(262144);
        decoder.reconfigure(options, 262144);
        decoderChannel = new EmbeddedChannel(decoder);
        PduEncoder encoder = new PduEncoder();
        encoder.reconfigure(options);
        encoderChannel = new EmbeddedChannel(encoder);
        bareChannel = new EmbeddedChannel();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        header.release();
        wire.release();
        decoderChannel.finishAndReleaseAll();
        encoderChannel.finishAndReleaseAll();
        bareChannel.finishAndReleaseAll();
    }

    /** BHS fields to bytes, into a reused buffer. */
    @Benchmark
    public int encodeHeader() {
        header.clear();
        PduCodec.encodeHeader(read16, header);
        return header.writerIndex();
    }

    /** BHS bytes to the record. */
    @Benchmark
    public Pdu decodeHeader() {
        return PduCodec.decode(bhs.duplicate(), Unpooled.EMPTY_BUFFER, Unpooled.EMPTY_BUFFER);
    }

    /** One framed PDU through {@link PduDecoder} (framing, header digest check, decode). */
    @Benchmark
    public Object decodePipeline() {
        decoderChannel.writeInbound(wire.retainedDuplicate());
        Pdu pdu = decoderChannel.readInbound();
        pdu.release();
        return pdu;
    }

    /** One PDU through {@link PduEncoder} (header buffer allocation, header digest); outbound buffers released. */
    @Benchmark
    public void encodePipeline(Blackhole bh) {
        encoderChannel.writeOutbound(read16);
        for (Object out; (out = encoderChannel.readOutbound()) != null; ) {
            bh.consume(out);
            ((ByteBuf) out).release();
        }
    }

    /**
     * The harness alone: an already encoded PDU written through an {@link EmbeddedChannel} without handlers. Subtract
     * it from {@link #encodePipeline} (and from DataInCodecBenchmark.encode) to get the encoder's own cost.
     */
    @Benchmark
    public void embeddedWriteBaseline(Blackhole bh) {
        bareChannel.writeOutbound(wire.retainedDuplicate());
        for (Object out; (out = bareChannel.readOutbound()) != null; ) {
            bh.consume(out);
            ((ByteBuf) out).release();
        }
    }
}
