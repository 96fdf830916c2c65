package io.jiet.server.target;

import io.jiet.server.login.LoginStatus;
import io.jiet.server.session.Session;
import io.jiet.server.session.SessionConnection;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The connections of every live session as the network layer reported them: what {@code /proc/net/iet/session}
 * listed under each session (CID, initiator address, digests), and the handle to drop one ({@code ietadm --op
 * delete --sid --cid}). Thread-safe: reports come from event loops, readers from the control channel and metrics.
 */
public final class LiveConnections implements ConnectionObserver {

    /** One connection of a session. {@code portal} is the local address the connection came in on. */
    public record Entry(Session session, SessionConnection connection, InetSocketAddress initiator,
                        InetSocketAddress portal) {
        public int cid() {
            return connection.cid();
        }
    }

    private final Map<Session, ConcurrentSkipListMap<Integer, Entry>> bySession = new ConcurrentHashMap<>();

    @Override
    public void loggedIn(Session session, SessionConnection connection, InetSocketAddress initiator) {
        InetSocketAddress portal = connection.localAddress();
        bySession.computeIfAbsent(session, s -> new ConcurrentSkipListMap<>())
                .put(connection.cid(), new Entry(session, connection, initiator, portal));
    }

    @Override
    public void closed(Session session, SessionConnection connection) {
        bySession.computeIfPresent(session, (s, connections) -> {
            connections.computeIfPresent(connection.cid(), (cid, e) -> e.connection() == connection ? null : e);
            return connections.isEmpty() ? null : connections;
        });
    }

    @Override
    public void loginFailed(LoginStatus status, InetSocketAddress initiator) {
        // failures are counted by metrics; no connection joined a session
    }

    /** The connections of {@code session}, by CID; empty once it is closed. */
    public List<Entry> of(Session session) {
        ConcurrentSkipListMap<Integer, Entry> connections = bySession.get(session);
        if (connections == null || session.closed()) {
            return List.of();
        }
        return List.copyOf(connections.values());
    }

    public Optional<Entry> find(Session session, int cid) {
        return of(session).stream().filter(e -> e.cid() == cid).findFirst();
    }

    /** Every connection of every open session. */
    public List<Entry> all() {
        bySession.keySet().removeIf(Session::closed);
        List<Entry> out = new ArrayList<>();
        bySession.forEach((session, connections) -> {
            if (!session.closed()) {
                out.addAll(connections.values());
            }
        });
        return out;
    }
}
