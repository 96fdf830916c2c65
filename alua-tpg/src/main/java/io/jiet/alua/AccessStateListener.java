package io.jiet.alua;

/**
 * Told about every state change of a {@link TargetPortGroups}. Called on the thread that made the change (a command
 * thread, the admin thread or the transition timer) while the groups' lock is held, in the order the changes took
 * effect: keep it short, and do not change states from inside it. Reading the groups is fine.
 */
@FunctionalInterface
public interface AccessStateListener {
    void accessStateChanged(AccessStateChange change);
}
