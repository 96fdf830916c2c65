package io.jiet.server.login;

/** CHAP did not succeed; the login ends with status 02/01 (RFC 7143 §11.13.5). */
final class AuthenticationFailure extends Exception {
    AuthenticationFailure(String reason) {
        super(reason, null, false, false);
    }
}
