package io.jiet.server.net;

import io.jiet.server.target.ListeningPortal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes received and sent on the TCP connections of each listening portal, headers, data and digests alike — what
 * shows an operator (and the lab's failover test) which portal carries a multipath host's I/O.
 * <p>
 * Threading: thread-safe; the event loops add, any thread reads. A portal's counts only grow while the daemon runs.
 */
public final class PortalTraffic {

    /** The two byte counts of one portal. Thread-safe. */
    public static final class Bytes {
        private final LongAdder read = new LongAdder();
        private final LongAdder written = new LongAdder();
        private final LongAdder sentFromFiles = new LongAdder();

        void addRead(long n) {
            read.add(n);
        }

        void addWritten(long n) {
            written.add(n);
        }

        void addSentFromFiles(long n) {
            sentFromFiles.add(n);
        }

        /** Of the bytes written, the Data-In data sent straight from backing files (sendfile, no copy). */
        public long sentFromFiles() {
            return sentFromFiles.sum();
        }

        /** Bytes received from initiators on this portal. */
        public long read() {
            return read.sum();
        }

        /** Bytes handed to the transport for initiators on this portal. */
        public long written() {
            return written.sum();
        }
    }

    private final Map<ListeningPortal, Bytes> portals = new ConcurrentHashMap<>();

    void add(ListeningPortal portal, Bytes bytes) {
        portals.put(portal, bytes);
    }

    /** A snapshot of the portals bound so far and their live counters. */
    public Map<ListeningPortal, Bytes> portals() {
        return Map.copyOf(portals);
    }
}
