package io.jiet.alua.rdac;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The identity an RDAC personality presents for the whole array (one jiet target): the 16-byte array unique id and
 * label of VPD 0xC8, the subsystem id and revision of VPD 0xC4, and the MAX LUNS SUPPORTED of VPD 0xC2. The same on
 * every portal: Linux scsi_dh_rdac (get_controller) groups paths into controllers by array id plus controller slot.
 */
public record RdacArray(byte[] arrayUniqueId, String arrayLabel, String subsystemId, String revision,
                        int maxLunsSupported) {

    public static final int UNIQUE_ID_LENGTH = 16;
    /** Linux reads the label as 30 UTF-16 code units (ARRAY_LABEL_LEN - 1). */
    public static final int MAX_LABEL_CHARS = 30;

    public RdacArray {
        if (arrayUniqueId.length != UNIQUE_ID_LENGTH) {
            throw new IllegalArgumentException("array unique id must be 16 bytes");
        }
        arrayUniqueId = arrayUniqueId.clone();
        if (arrayLabel.length() > MAX_LABEL_CHARS) {
            throw new IllegalArgumentException("array label longer than 30 characters: " + arrayLabel);
        }
        if (!ascii(subsystemId, 16) || !ascii(revision, 4)) {
            throw new IllegalArgumentException("subsystem id (16) and revision (4) must be short ASCII");
        }
        if (maxLunsSupported < 1 || maxLunsSupported > 0xFF) {
            throw new IllegalArgumentException("max LUNs supported must be 1..255, not " + maxLunsSupported);
        }
    }

    /**
     * The identity derived from the target name: the unique id is the first 16 bytes of its SHA-256, the label its
     * last 30 characters. {@code maxLunsSupported} of 32 or more makes Linux move ownership with MODE SELECT(10)
     * and the 256-entry LUN table (scsi_dh_rdac set_mode_select), fewer with MODE SELECT(6) and 32 entries.
     */
    public static RdacArray forTarget(String targetName, int maxLunsSupported) {
        byte[] id;
        try {
            id = Arrays.copyOf(MessageDigest.getInstance("SHA-256")
                    .digest(targetName.getBytes(StandardCharsets.UTF_8)), UNIQUE_ID_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
        String label = targetName.length() <= MAX_LABEL_CHARS ? targetName
                : targetName.substring(targetName.length() - MAX_LABEL_CHARS);
        return new RdacArray(id, label, "jiet", "0100", maxLunsSupported);
    }

    @Override
    public byte[] arrayUniqueId() {
        return arrayUniqueId.clone();
    }

    private static boolean ascii(String s, int max) {
        return s.length() <= max && s.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RdacArray other && Arrays.equals(arrayUniqueId, other.arrayUniqueId)
                && arrayLabel.equals(other.arrayLabel) && subsystemId.equals(other.subsystemId)
                && revision.equals(other.revision) && maxLunsSupported == other.maxLunsSupported;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(arrayUniqueId) * 31 + arrayLabel.hashCode();
    }

    @Override
    public String toString() {
        return "RdacArray[" + arrayLabel + ", maxLuns " + maxLunsSupported + "]";
    }
}
