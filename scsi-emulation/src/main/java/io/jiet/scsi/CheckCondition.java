package io.jiet.scsi;

import java.util.Objects;

/**
 * Ends a command with CHECK CONDITION status and the given sense. Handlers throw it from deep inside CDB and
 * parameter parsing; the logical unit turns it into a {@link ScsiResult}, so it never escapes to the transport.
 * It is an expected outcome, not a fault: no stack trace is captured.
 */
public final class CheckCondition extends Exception {

    private final transient Sense sense;

    public CheckCondition(Sense sense) {
        super(Objects.requireNonNull(sense, "sense").toString(), null, false, false);
        this.sense = sense;
    }

    public Sense sense() {
        return sense;
    }
}
