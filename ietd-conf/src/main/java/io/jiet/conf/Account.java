package io.jiet.conf;

/** A CHAP account from an IncomingUser or OutgoingUser line. */
public record Account(String user, String secret) {
    @Override
    public String toString() {
        return "Account[" + user + "]";
    }
}
