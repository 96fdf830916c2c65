package io.jiet.server.login;

/** Login stages as the CSG/NSG fields encode them, RFC 7143 §11.12.3. */
public final class LoginStage {
    public static final int SECURITY_NEGOTIATION = 0;
    public static final int OPERATIONAL_NEGOTIATION = 1;
    public static final int FULL_FEATURE_PHASE = 3;

    private LoginStage() {
    }
}
