package io.jiet.scsi;

import java.nio.ByteBuffer;

/**
 * The outcome of one SCSI command. {@code dataIn} holds the data-in bytes the command produced (its remaining
 * bytes, possibly more than the initiator's allocation: the transport truncates and reports the residual).
 * {@code transferLength} is the number of bytes the CDB itself calls for in its data direction (the transport
 * compares it with the Expected Data Transfer Length to report residuals, RFC 7143 §11.4.5). {@code senseData} is
 * empty unless the status is CHECK CONDITION.
 */
public record ScsiResult(ScsiStatus status, ByteBuffer dataIn, int transferLength, byte[] senseData) {

    private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);
    private static final byte[] NO_SENSE = new byte[0];

    public static ScsiResult good() {
        return new ScsiResult(ScsiStatus.GOOD, NO_DATA.duplicate(), 0, NO_SENSE);
    }

    public static ScsiResult good(ByteBuffer dataIn) {
        return new ScsiResult(ScsiStatus.GOOD, dataIn, dataIn.remaining(), NO_SENSE);
    }

    public static ScsiResult checkCondition(byte[] senseData) {
        return new ScsiResult(ScsiStatus.CHECK_CONDITION, NO_DATA.duplicate(), 0, senseData);
    }
}
