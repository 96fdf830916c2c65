package io.jiet.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.backstore.FileSpan;
import io.jiet.pdu.DataIn;
import io.jiet.pdu.PduCodec;
import io.jiet.pdu.PduEncoder;
import io.jiet.server.session.FileBackedDataInAccess;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileDataInWriter}: header, file region, padding; the store's channel is never closed by the transport, and
 * the command's span goes back to the store exactly once, after its last PDU was written or dropped.
 */
class FileDataInWriterTest {

    @TempDir
    Path dir;

    private static DataIn header(int offset, boolean last) {
        return new DataIn(last, false, false, false, false, 0, 0L, 7, 0xffffffff, 0, 1, 9, offset / 1000, offset, 0,
                Unpooled.EMPTY_BUFFER);
    }

    @Test
    void regionsAreWrittenAfterTheirHeadersAndTheSpanGoesBackOnceAfterTheLastOne() throws IOException {
        Path file = dir.resolve("lun.img");
        Files.write(file, new byte[8192]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            AtomicInteger released = new AtomicInteger();
            FileSpan span = new FileSpan(channel, 1000, 3001, released::incrementAndGet);
            var pdus = FileBackedDataInAccess.split(span, new int[] {2000, 1001},
                    new DataIn[] {header(0, false), header(2000, true)});
            EmbeddedChannel out = new EmbeddedChannel(new FileDataInWriter(new PduEncoder(),
                    new PortalTraffic.Bytes()));
            for (Object pdu : pdus) {
                out.writeOutbound(pdu);
            }
            ByteBuf firstHeader = assertInstanceOf(ByteBuf.class, out.readOutbound());
            assertEquals(PduCodec.BHS_LENGTH, firstHeader.readableBytes());
            assertEquals(2000, firstHeader.getMedium(5), "DataSegmentLength");
            DefaultFileRegion first = assertInstanceOf(DefaultFileRegion.class, out.readOutbound());
            assertEquals(1000, first.position());
            assertEquals(2000, first.count());
            ByteBuf secondHeader = assertInstanceOf(ByteBuf.class, out.readOutbound());
            assertEquals(1001, secondHeader.getMedium(5));
            DefaultFileRegion second = assertInstanceOf(DefaultFileRegion.class, out.readOutbound());
            assertEquals(3000, second.position());
            ByteBuf padding = assertInstanceOf(ByteBuf.class, out.readOutbound());
            assertEquals(3, padding.readableBytes(), "1001 bytes padded to 1004 (RFC 7143 §11.1)");
            assertNull(out.readOutbound());

            first.release();
            assertEquals(0, released.get(), "one region still to send");
            second.release();
            assertEquals(1, released.get());
            assertTrue(channel.isOpen(), "the channel is the store's");
            firstHeader.release();
            secondHeader.release();
            padding.release();
        }
    }

    @Test
    void pdusDroppedBeforeTheWriterGiveTheSpanBackToo() throws IOException {
        Path file = dir.resolve("lun.img");
        Files.write(file, new byte[4096]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            AtomicInteger released = new AtomicInteger();
            FileSpan span = new FileSpan(channel, 0, 1024, released::incrementAndGet);
            var pdus = FileBackedDataInAccess.split(span, new int[] {512, 512},
                    new DataIn[] {header(0, false), header(512, true)});
            EmbeddedChannel out = new EmbeddedChannel(new FileDataInWriter(new PduEncoder(),
                    new PortalTraffic.Bytes()));
            out.close();
            for (Object pdu : pdus) {
                out.write(pdu); // the channel is closed: Netty releases what it cannot write
            }
            assertEquals(1, released.get());
            assertTrue(channel.isOpen());
        }
    }
}
