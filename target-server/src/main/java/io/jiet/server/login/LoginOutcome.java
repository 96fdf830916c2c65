package io.jiet.server.login;

import io.jiet.pdu.LoginResponse;
import io.jiet.server.session.Session;

/** What one login request led to. */
public sealed interface LoginOutcome {

    LoginResponse response();

    /** The login goes on: more requests will follow. */
    record Continue(LoginResponse response) implements LoginOutcome {
    }

    /** The final response: the connection enters full-feature phase in {@code session}. */
    record Established(LoginResponse response, Session session, NegotiatedParameters parameters)
            implements LoginOutcome {
    }

    /** The login failed; the connection closes after the response is sent (RFC 7143 §11.13.5). */
    record Failed(LoginResponse response, LoginStatus status, String reason) implements LoginOutcome {
    }
}
