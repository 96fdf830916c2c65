package io.jiet.scsi;

/**
 * A SCSI logical unit. {@link #execute} may block on backstore I/O: callers run it off their network threads. It
 * never throws for a bad CDB or an I/O failure: those become CHECK CONDITION with the matching sense.
 */
public interface LogicalUnit extends AutoCloseable {

    ScsiResult execute(ScsiRequest request);

    @Override
    void close();
}
