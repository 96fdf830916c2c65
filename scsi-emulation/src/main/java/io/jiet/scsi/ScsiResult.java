package io.jiet.scsi;

import io.jiet.backstore.FileSpan;
import java.nio.ByteBuffer;

/**
 * The outcome of one SCSI command. {@code dataIn} holds the data-in bytes the command produced (its remaining
 * bytes, possibly more than the initiator's allocation: the transport truncates and reports the residual).
 * {@code transferLength} is the number of bytes the CDB itself calls for in its data direction (the transport
 * compares it with the Expected Data Transfer Length to report residuals, RFC 7143 §11.4.5). {@code senseData} is
 * empty unless the status is CHECK CONDITION.
 * <p>
 * For commands with an ALLOCATION LENGTH (INQUIRY, MODE SENSE, ...) the data is already cut to it (SPC-4 §4.2.5.6)
 * and {@code transferLength} is the number of bytes actually sent. For READ and WRITE it is the transfer length of
 * the CDB in bytes, whatever the data-in or data-out size, so a mismatch with the Expected Data Transfer Length
 * shows as a residual.
 * <p>
 * {@code dataInFile}, when not null, holds the data-in instead of {@code dataIn} (which is then empty): a cached
 * range of the backing file the transport sends without copying, offered only where
 * {@link DataInBuffers#takesFileSpans()} said so.
 */
public record ScsiResult(ScsiStatus status, ByteBuffer dataIn, int transferLength, byte[] senseData,
                         FileSpan dataInFile) {

    private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);
    private static final byte[] NO_SENSE = new byte[0];

    /** A result whose data-in, if any, is in {@code dataIn}. */
    public ScsiResult(ScsiStatus status, ByteBuffer dataIn, int transferLength, byte[] senseData) {
        this(status, dataIn, transferLength, senseData, null);
    }

    /**
     * GOOD for a command that moves no data-in (a write, a parameter list taken) whose CDB transfer length is
     * {@code transferLength} bytes, so the transport can report residuals.
     */
    public static ScsiResult goodWithoutData(int transferLength) {
        return new ScsiResult(ScsiStatus.GOOD, NO_DATA.duplicate(), transferLength, NO_SENSE);
    }

    /** GOOD for a READ whose data the transport sends from the backing file. */
    public static ScsiResult goodFromFile(FileSpan data, int transferLength) {
        return new ScsiResult(ScsiStatus.GOOD, NO_DATA.duplicate(), transferLength, NO_SENSE, data);
    }

    /** How many data-in bytes the command produced, wherever they are. */
    public int dataInLength() {
        return dataInFile != null ? dataInFile.length() : dataIn.remaining();
    }

    public static ScsiResult good() {
        return new ScsiResult(ScsiStatus.GOOD, NO_DATA.duplicate(), 0, NO_SENSE);
    }

    public static ScsiResult good(ByteBuffer dataIn) {
        return new ScsiResult(ScsiStatus.GOOD, dataIn, dataIn.remaining(), NO_SENSE);
    }

    public static ScsiResult checkCondition(byte[] senseData) {
        return new ScsiResult(ScsiStatus.CHECK_CONDITION, NO_DATA.duplicate(), 0, senseData);
    }

    /** GOOD with parameter data cut to the CDB's ALLOCATION LENGTH (SPC-4 §4.2.5.6). */
    public static ScsiResult good(byte[] parameterData, int allocationLength) {
        int length = Math.min(parameterData.length, Math.max(0, allocationLength));
        return good(ByteBuffer.wrap(parameterData, 0, length).slice());
    }

    /** GOOD for a data transfer command: {@code dataIn} may be empty (WRITE) or cut to the initiator's buffer. */
    public static ScsiResult good(ByteBuffer dataIn, int transferLength) {
        return new ScsiResult(ScsiStatus.GOOD, dataIn, transferLength, NO_SENSE);
    }

    /** CHECK CONDITION with fixed-format sense data (the control mode page's D_SENSE is 0). */
    public static ScsiResult checkCondition(Sense sense) {
        return checkCondition(sense.fixedFormat());
    }

    /** CHECK CONDITION with sense in the format the Control mode page's D_SENSE selects. */
    public static ScsiResult checkCondition(Sense sense, boolean descriptorFormat) {
        return checkCondition(sense.encode(descriptorFormat));
    }

    /** A status that carries neither data nor sense (BUSY, TASK SET FULL, ... — SAM-5 §5.3.1). */
    public static ScsiResult statusOnly(ScsiStatus status) {
        return new ScsiResult(status, NO_DATA.duplicate(), 0, NO_SENSE);
    }

    /** TASK ABORTED (SAM-5 §5.3.1): the command was aborted while it waited; the transport discards it. */
    public static ScsiResult taskAborted() {
        return statusOnly(ScsiStatus.TASK_ABORTED);
    }

    /** RESERVATION CONFLICT: no sense data (SAM-5 §5.3.1). */
    public static ScsiResult reservationConflict() {
        return statusOnly(ScsiStatus.RESERVATION_CONFLICT);
    }
}
