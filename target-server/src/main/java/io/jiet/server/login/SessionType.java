package io.jiet.server.login;

/** SessionType key values, RFC 7143 §13.21. */
public enum SessionType {
    NORMAL, DISCOVERY
}
