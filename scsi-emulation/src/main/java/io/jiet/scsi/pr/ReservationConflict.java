package io.jiet.scsi.pr;

/**
 * Ends a command with RESERVATION CONFLICT status (SAM-5 §5.3.1), which carries no sense data. Thrown inside the
 * reservation handlers and turned into a result there; an expected outcome, so no stack trace is captured.
 */
final class ReservationConflict extends Exception {

    ReservationConflict() {
        super("RESERVATION CONFLICT", null, false, false);
    }
}
