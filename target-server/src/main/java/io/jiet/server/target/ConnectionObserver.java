package io.jiet.server.target;

import io.jiet.server.login.LoginStatus;
import io.jiet.server.session.Session;
import io.jiet.server.session.SessionConnection;
import java.net.InetSocketAddress;

/**
 * What the network layer reports about connections, for administration ({@code jietadm --op show --sessions},
 * dropping a connection) and metrics. Called on event loops: implementations are thread-safe and do not block.
 */
public interface ConnectionObserver {

    /** Observes nothing. */
    ConnectionObserver NONE = new ConnectionObserver() {
        @Override
        public void loggedIn(Session session, SessionConnection connection, InetSocketAddress initiator) {
        }

        @Override
        public void closed(Session session, SessionConnection connection) {
        }

        @Override
        public void loginFailed(LoginStatus status, InetSocketAddress initiator) {
        }
    };

    /** {@code connection} completed its login and joined {@code session} (leading or added connection). */
    void loggedIn(Session session, SessionConnection connection, InetSocketAddress initiator);

    /** {@code connection}, which had joined {@code session}, is closed. */
    void closed(Session session, SessionConnection connection);

    /** A login was refused with {@code status} (RFC 7143 §11.13.5); redirections are reported too. */
    void loginFailed(LoginStatus status, InetSocketAddress initiator);

    /** Both observers, this one first. */
    default ConnectionObserver andThen(ConnectionObserver next) {
        ConnectionObserver first = this;
        return new ConnectionObserver() {
            @Override
            public void loggedIn(Session session, SessionConnection connection, InetSocketAddress initiator) {
                first.loggedIn(session, connection, initiator);
                next.loggedIn(session, connection, initiator);
            }

            @Override
            public void closed(Session session, SessionConnection connection) {
                first.closed(session, connection);
                next.closed(session, connection);
            }

            @Override
            public void loginFailed(LoginStatus status, InetSocketAddress initiator) {
                first.loginFailed(status, initiator);
                next.loginFailed(status, initiator);
            }
        };
    }
}
