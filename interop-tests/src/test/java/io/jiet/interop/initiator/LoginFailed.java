package io.jiet.interop.initiator;

import java.util.Map;

/** A Login Response with a non-zero Status-Class (RFC 7143 §11.13.5). */
public final class LoginFailed extends TargetProtocolError {
    private final int statusClass;
    private final int statusDetail;

    public LoginFailed(int statusClass, int statusDetail, Map<String, String> keys) {
        super(String.format("login failed: Status-Class 0x%02x Status-Detail 0x%02x %s", statusClass, statusDetail, keys));
        this.statusClass = statusClass;
        this.statusDetail = statusDetail;
    }

    public int statusClass() {
        return statusClass;
    }

    public int statusDetail() {
        return statusDetail;
    }
}
