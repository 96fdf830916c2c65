package io.jiet.pdu;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/** Last handler of a test pipeline: keeps what the decoder passes on, PDUs and exceptions, in arrival order. */
final class Recorder extends ChannelInboundHandlerAdapter {

    final List<Object> events = new ArrayList<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        events.add(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        events.add(cause);
    }

    List<Pdu> pdus() {
        return events.stream().filter(Pdu.class::isInstance).map(Pdu.class::cast).toList();
    }

    List<Throwable> errors() {
        return events.stream().filter(Throwable.class::isInstance).map(Throwable.class::cast).toList();
    }

    void releaseAll() {
        pdus().forEach(Pdu::release);
        events.clear();
    }
}
