package io.jiet.alua;

/**
 * One target port group changed from {@code from} to {@code to}. {@code settled} is false while the group passes
 * through {@link AluaState#TRANSITIONING} on its way to another state, true once it holds the state it was asked
 * for. The integrator raises UNIT ATTENTION 2A/06 (see {@link ChangeCause#unitAttentionFor}) and logs each change.
 */
public record AccessStateChange(int groupId, AluaState from, AluaState to, ChangeCause cause, boolean settled) {

    @Override
    public String toString() {
        return "target port group " + groupId + ": " + from + " -> " + to + (settled ? "" : " (in transition)")
                + " by " + cause;
    }
}
