package io.jiet.server.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.apache.commons.cli.ParseException;

/**
 * {@code jietadm}: ietadm's command line for a running jietd, over its control socket. Exit status: 0 done,
 * 1 refused or failed by the daemon (in use, not found, invalid value), 2 bad command line, 3 jietd not reachable.
 */
public final class Jietadm {
    static final int EXIT_UNREACHABLE = 3;

    private Jietadm() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        JietadmOptions options;
        try {
            options = JietadmOptions.parse(args);
        } catch (ParseException e) {
            err.println("jietadm: " + e.getMessage());
            err.println("Try `jietadm --help' for more information.");
            return AdminResponse.BAD_REQUEST;
        }
        if (options.help()) {
            JietadmOptions.printHelp(out);
            return 0;
        }
        AdminResponse response;
        try {
            response = send(options.control(), options.request());
        } catch (IOException e) {
            err.println("jietadm: cannot reach jietd at " + options.control() + ": " + e.getMessage()
                    + " (is jietd running? give its --control PATH)");
            return EXIT_UNREACHABLE;
        } catch (ControlProtocol.MalformedRequest e) {
            err.println("jietadm: " + e.getMessage());
            return EXIT_UNREACHABLE;
        }
        PrintStream target = response.status() == AdminResponse.OK ? out : err;
        String text = response.text();
        target.print(response.status() == AdminResponse.OK || text.isEmpty() ? text : "jietadm: " + text);
        target.flush();
        return response.status();
    }

    /** One request, one response: the daemon closes the connection after answering. */
    static AdminResponse send(Path control, AdminRequest request)
            throws IOException, ControlProtocol.MalformedRequest {
        byte[] bytes = ControlProtocol.encode(request);
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(control));
             OutputStream out = Channels.newOutputStream(channel);
             InputStream in = Channels.newInputStream(channel)) {
            out.write(bytes);
            out.flush();
            return ControlProtocol.decodeResponse(in);
        }
    }
}
