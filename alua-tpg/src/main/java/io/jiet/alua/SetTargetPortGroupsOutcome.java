package io.jiet.alua;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What {@link TargetPortGroups#setTargetPortGroups} did with a SET TARGET PORT GROUPS parameter list. */
public sealed interface SetTargetPortGroupsOutcome {

    /**
     * Every descriptor was valid and has been applied (nothing is applied when one is invalid). {@code changes} are
     * the changes that took effect at once; {@code settled} completes when every requested group holds its
     * requested state (at once without a transition time). Complete the command with GOOD status.
     */
    record Applied(List<AccessStateChange> changes, CompletableFuture<Void> settled)
            implements SetTargetPortGroupsOutcome {
        public Applied {
            changes = List.copyOf(changes);
        }
    }

    /** Terminate the command with CHECK CONDITION and {@code sense}; {@code field} feeds the SKS field pointer. */
    record Refused(SenseCode sense, Optional<FieldPointer> field) implements SetTargetPortGroupsOutcome {
    }
}
