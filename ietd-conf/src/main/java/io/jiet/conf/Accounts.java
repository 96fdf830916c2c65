package io.jiet.conf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CHAP accounts of one scope (discovery, or one target): several IncomingUser lines, at most one
 * OutgoingUser. Confined to the parsing thread.
 */
final class Accounts {
    /** The IET man page's hint: RFC 3720 wants 12-character secrets and Microsoft's initiator enforces it. */
    static final int RECOMMENDED_SECRET_LENGTH = 12;

    private final String scope;
    private final Map<String, Account> incoming = new LinkedHashMap<>();
    private final Map<String, Integer> incomingLines = new LinkedHashMap<>();
    private Account outgoing;
    private int outgoingLine;

    Accounts(String scope) {
        this.scope = scope;
    }

    void addIncoming(Statement s, ParseState state) throws ConfigException {
        Account account = account(s, state);
        Integer earlier = incomingLines.put(account.user(), s.line());
        if (earlier != null) {
            // IET queued accounts at the head of its list, so the later line was the one found at login.
            state.warn(s.line(), "IncomingUser " + account.user() + " was already defined on line " + earlier
                    + " (" + scope + "); this line replaces it");
        }
        incoming.put(account.user(), account);
    }

    void setOutgoing(Statement s, ParseState state) throws ConfigException {
        Account account = account(s, state);
        if (outgoing != null) {
            state.warn(s.line(), "only one OutgoingUser is supported (" + scope + "); this line replaces "
                    + outgoing.user() + " from line " + outgoingLine);
        }
        outgoing = account;
        outgoingLine = s.line();
    }

    List<Account> incoming() {
        return List.copyOf(incoming.values());
    }

    Optional<Account> outgoing() {
        return Optional.ofNullable(outgoing);
    }

    private static Account account(Statement s, ParseState state) throws ConfigException {
        String keyword = canonical(s.keyword());
        if (s.args().size() < 2) {
            throw state.error(s.line(), keyword + " needs a user name and a secret, e.g. " + keyword
                    + " joe 12charsecret");
        }
        if (s.args().size() > 2) {
            throw state.error(s.line(), keyword + " takes a user name and a secret, found " + s.args().size()
                    + " words (a secret cannot contain blanks)");
        }
        Account account = new Account(s.args().get(0), s.args().get(1));
        if (account.secret().length() < RECOMMENDED_SECRET_LENGTH) {
            state.warn(s.line(), "the secret of " + keyword + " " + account.user() + " is shorter than "
                    + RECOMMENDED_SECRET_LENGTH + " characters; Microsoft's initiator refuses such secrets");
        }
        return account;
    }

    private static String canonical(String keyword) {
        return keyword.equalsIgnoreCase("IncomingUser") ? "IncomingUser" : "OutgoingUser";
    }
}
