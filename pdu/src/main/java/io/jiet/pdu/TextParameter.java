package io.jiet.pdu;

import java.util.Objects;

/**
 * One {@code key=value} pair of a text data segment (RFC 7143 §6.1). The value is kept as sent: lists stay
 * comma-separated, numbers stay in their decimal, hex or base64 spelling.
 */
public record TextParameter(String key, String value) {
    public TextParameter {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
