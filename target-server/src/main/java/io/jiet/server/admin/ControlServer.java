package io.jiet.server.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jietd's end of the control channel: a Unix domain socket (never a network port) whose directory is created
 * owner-only (0700) and whose socket file is owner-only (0600), so only the daemon's user (and root) can talk to
 * it. One request per connection (see package-info); each client is served on its own virtual thread and cut off
 * after {@link #CLIENT_TIMEOUT_MILLIS}. A stale socket file left by a daemon that died is replaced; a socket
 * another live daemon answers on is not.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    static final long CLIENT_TIMEOUT_MILLIS = 60_000;

    private final Path path;
    private final ServerSocketChannel server;
    private final Object fileKey;
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlServer(Path path, ServerSocketChannel server, Object fileKey, AdminCommands commands) {
        this.path = path;
        this.server = server;
        this.fileKey = fileKey;
        this.acceptor = Thread.ofPlatform().daemon().name("jiet-control").unstarted(() -> acceptLoop(commands));
    }

    /** Listens on {@code path}; throws if it cannot (taken by a live daemon, not a socket, no permission). */
    public static ControlServer open(Path path, RunningConfiguration running) throws IOException {
        AdminCommands commands = new AdminCommands(running, () -> ConfigSave.save(running));
        Path socket = path.toAbsolutePath();
        Path dir = socket.getParent();
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // created meanwhile by someone else: used as it is
            }
        }
        removeStale(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            Object key = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            ControlServer control = new ControlServer(socket, server, key, commands);
            control.acceptor.start();
            log.info("control socket {} (jietadm --control {})", socket, socket);
            return control;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    private static void removeStale(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        BasicFileAttributes attributes = Files.readAttributes(socket, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isOther()) {
            throw new IOException(socket + " exists and is not a socket");
        }
        boolean answered;
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            answered = true;
        } catch (IOException refused) {
            answered = false;
        }
        if (answered) {
            throw new IOException("another jietd is already listening on " + socket);
        }
        Files.deleteIfExists(socket); // nobody answers: left by a daemon that died
    }

    private void acceptLoop(AdminCommands commands) {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    log.warn("control socket: {}", e.toString());
                }
                return;
            }
            Thread.ofVirtual().name("jiet-control-client").start(() -> serve(client, commands));
        }
    }

    private static void serve(SocketChannel client, AdminCommands commands) {
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(CLIENT_TIMEOUT_MILLIS);
                client.close(); // a client that never finishes its request
            } catch (InterruptedException | IOException done) {
                // served in time
            }
        });
        try (client; InputStream in = Channels.newInputStream(client);
             OutputStream out = Channels.newOutputStream(client)) {
            AdminResponse response;
            try {
                response = commands.execute(ControlProtocol.decode(in));
            } catch (ControlProtocol.MalformedRequest e) {
                response = AdminResponse.badRequest(e.getMessage());
            } catch (RuntimeException e) {
                log.error("control request failed", e);
                response = AdminResponse.refused("jietd failed: " + e);
            }
            out.write(ControlProtocol.encode(response));
            out.flush();
        } catch (IOException e) {
            log.debug("control client: {}", e.toString());
        } finally {
            watchdog.interrupt();
        }
    }

    /** Stops listening and removes the socket file, unless another daemon has replaced it since. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            Object current = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            if (Objects.equals(current, fileKey)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException gone) {
            // already removed
        }
    }
}
