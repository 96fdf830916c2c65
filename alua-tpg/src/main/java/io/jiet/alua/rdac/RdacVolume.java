package io.jiet.alua.rdac;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One logical unit as VPD 0xC8 names it: its LUN, a 16-byte volume unique id (identical on every path) and a label.
 */
public record RdacVolume(int lun, byte[] uniqueId, String label) {

    public RdacVolume {
        if (lun < 0 || lun > 0xFF) {
            throw new IllegalArgumentException("RDAC LUN must be 0..255, not " + lun);
        }
        if (uniqueId.length != RdacArray.UNIQUE_ID_LENGTH) {
            throw new IllegalArgumentException("volume unique id must be 16 bytes");
        }
        uniqueId = uniqueId.clone();
        if (label.length() > RdacArray.MAX_LABEL_CHARS) {
            throw new IllegalArgumentException("volume label longer than 30 characters: " + label);
        }
    }

    /** From IET's ScsiId: its ASCII, NUL-padded (or cut) to 16 bytes, as IET's T10 designator carries it. */
    public static RdacVolume fromScsiId(int lun, String scsiId) {
        return new RdacVolume(lun, Arrays.copyOf(scsiId.getBytes(StandardCharsets.US_ASCII), 16), scsiId.length()
                <= RdacArray.MAX_LABEL_CHARS ? scsiId : scsiId.substring(0, RdacArray.MAX_LABEL_CHARS));
    }

    @Override
    public byte[] uniqueId() {
        return uniqueId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RdacVolume v && lun == v.lun && Arrays.equals(uniqueId, v.uniqueId) && label.equals(v.label);
    }

    @Override
    public int hashCode() {
        return lun * 31 + Arrays.hashCode(uniqueId);
    }
}
