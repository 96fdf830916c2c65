package io.jiet.server.target;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where new logins to a target are sent instead (IET's {@code ietadm --redirect}): a login gets status 01/01
 * "target moved temporarily" with this TargetAddress (RFC 7143 §11.13.5). Thread-safe.
 */
public final class TargetRedirect {
    private final AtomicReference<String> address = new AtomicReference<>();

    /** {@code ip[:port][,tpgt]}, or empty to serve logins again. */
    public void set(Optional<String> targetAddress) {
        address.set(targetAddress.filter(a -> !a.isBlank()).orElse(null));
    }

    public Optional<String> current() {
        return Optional.ofNullable(address.get());
    }
}
