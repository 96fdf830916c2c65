package io.jiet.interop.initiator;

import java.util.HexFormat;

/**
 * How a SCSI command ended: SAM status, the Data-In bytes received, sense data (from the SCSI Response data
 * segment, RFC 7143 §11.4.7) and the residual the target reported.
 */
public record ScsiResult(int status, byte[] data, byte[] sense, int residualCount, boolean underflow,
                         boolean overflow) {
    public static final int GOOD = 0x00;
    public static final int CHECK_CONDITION = 0x02;
    /** SPC-4 table 27 sense key 6h. */
    public static final int UNIT_ATTENTION = 0x06;

    public boolean good() {
        return status == GOOD;
    }

    /** Sense key, from fixed (70h/71h) or descriptor (72h/73h) format sense data (SPC-4 §4.5). */
    public int senseKey() {
        if (sense.length < 3) {
            return -1;
        }
        int format = sense[0] & 0x7f;
        return (format >= 0x72 ? sense[1] : sense[2]) & 0x0f;
    }

    /** ASC and ASCQ as one number, e.g. 0x2500 for LOGICAL UNIT NOT SUPPORTED. */
    public int additionalSense() {
        int format = sense.length > 0 ? sense[0] & 0x7f : 0;
        if (format >= 0x72 && sense.length >= 4) {
            return ((sense[2] & 0xff) << 8) | (sense[3] & 0xff);
        }
        if (sense.length >= 14) {
            return ((sense[12] & 0xff) << 8) | (sense[13] & 0xff);
        }
        return -1;
    }

    @Override
    public String toString() {
        return String.format("status=0x%02x dataLength=%d residual=%d%s%s sense=%s", status, data.length,
                residualCount, underflow ? " (underflow)" : "", overflow ? " (overflow)" : "",
                sense.length == 0 ? "none" : String.format("key=0x%x asc/ascq=0x%04x [%s]", senseKey(),
                        additionalSense(), HexFormat.ofDelimiter(" ").formatHex(sense)));
    }
}
