package io.jiet.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.conf.PortalAddress;
import io.jiet.server.metrics.JietMetrics;
import io.jiet.server.target.ListeningPortal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class PortalByteCounterTest {

    @Test
    void countsBytesInBothDirectionsPerPortalAcrossConnections() {
        PortalTraffic.Bytes first = new PortalTraffic.Bytes();
        PortalTraffic.Bytes second = new PortalTraffic.Bytes();
        PortalByteCounter counter1 = new PortalByteCounter(first);
        EmbeddedChannel a = new EmbeddedChannel(counter1);
        EmbeddedChannel b = new EmbeddedChannel(counter1);
        EmbeddedChannel c = new EmbeddedChannel(new PortalByteCounter(second));

        a.writeInbound(Unpooled.wrappedBuffer(new byte[48]));
        b.writeInbound(Unpooled.wrappedBuffer(new byte[100]));
        a.writeOutbound(Unpooled.wrappedBuffer(new byte[8192 + 48]));
        c.writeInbound(Unpooled.wrappedBuffer(new byte[7]));

        assertEquals(148, first.read());
        assertEquals(8240, first.written());
        assertEquals(7, second.read());
        assertEquals(0, second.written());
        // the counter passes messages on untouched
        ByteBuf passed = a.readOutbound();
        assertEquals(8240, passed.readableBytes());
        passed.release();
        for (EmbeddedChannel ch : new EmbeddedChannel[] {a, b, c}) {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void metricsExposeEachPortalsCounters() {
        PortalTraffic traffic = new PortalTraffic();
        PortalTraffic.Bytes one = new PortalTraffic.Bytes();
        PortalTraffic.Bytes two = new PortalTraffic.Bytes();
        traffic.add(portal("127.0.0.1", 3290, 1), one);
        try (JietMetrics metrics = new JietMetrics()) {
            metrics.watch(traffic);
            one.addRead(1000);
            one.addWritten(48);
            traffic.add(portal("127.0.0.2", 3290, 2), two);
            two.addWritten(65536);
            String text = metrics.scrape();
            assertTrue(text.contains("jiet_portal_read_bytes_total{portal=\"127.0.0.1:3290\"} 1000.0"), text);
            assertTrue(text.contains("jiet_portal_written_bytes_total{portal=\"127.0.0.1:3290\"} 48.0"), text);
            assertTrue(text.contains("jiet_portal_read_bytes_total{portal=\"127.0.0.2:3290\"} 0.0"), text);
            assertTrue(text.contains("jiet_portal_written_bytes_total{portal=\"127.0.0.2:3290\"} 65536.0"), text);
        }
    }

    private static ListeningPortal portal(String host, int port, int id) {
        return new ListeningPortal(new PortalAddress(host, port), new InetSocketAddress(host, port), id);
    }
}
