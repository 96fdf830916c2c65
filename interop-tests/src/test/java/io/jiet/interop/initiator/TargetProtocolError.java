package io.jiet.interop.initiator;

/** The target sent something RFC 7143 does not allow at that point, or nothing at all in time. */
public class TargetProtocolError extends AssertionError {
    public TargetProtocolError(String message) {
        super(message);
    }

    public TargetProtocolError(String message, Throwable cause) {
        super(message, cause);
    }
}
