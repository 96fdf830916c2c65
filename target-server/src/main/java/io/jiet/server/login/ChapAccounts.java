package io.jiet.server.login;

import io.jiet.conf.Account;
import java.util.List;
import java.util.Optional;

/**
 * The CHAP accounts that guard one kind of session: IncomingUser accounts the initiator must prove it knows, and
 * the OutgoingUser the target proves itself with for mutual CHAP. A target's own lines guard its normal sessions;
 * the global lines guard discovery sessions (IET's rule).
 */
public record ChapAccounts(List<Account> incoming, Optional<Account> outgoing) {

    public static final ChapAccounts NONE = new ChapAccounts(List.of(), Optional.empty());

    public ChapAccounts {
        incoming = List.copyOf(incoming);
    }

    /** With any IncomingUser configured, AuthMethod=None is refused. */
    public boolean required() {
        return !incoming.isEmpty();
    }
}
