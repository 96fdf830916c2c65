package io.jiet.server.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** Netty's native epoll transport where the platform has it, NIO elsewhere. */
public record NetworkTransport(String name, IoHandlerFactory ioHandlerFactory,
                               Class<? extends ServerChannel> serverChannelClass) {

    public static NetworkTransport best() {
        if (Epoll.isAvailable()) {
            return new NetworkTransport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
        }
        return new NetworkTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    public EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlerFactory);
    }
}
