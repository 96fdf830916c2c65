package io.jiet.scsi;

import java.util.OptionalInt;

/**
 * The 8-byte LUN field for a single-level LUN structure, SAM-5 §4.7: peripheral device addressing (method 00b,
 * bus identifier 0) for LUNs below 256 and flat space addressing (method 01b, 14 bits) up to 16383, the range IET
 * accepted. The field is handled as the big-endian {@code long} it travels as.
 */
public final class LogicalUnitNumber {

    public static final int MAX = 0x3FFF;

    private static final int PERIPHERAL_DEVICE_ADDRESSING = 0b00;
    private static final int FLAT_SPACE_ADDRESSING = 0b01;

    private LogicalUnitNumber() {
    }

    /**
     * The LUN a field addresses, or empty when it is not a single-level peripheral or flat space address (a second
     * level, a non-zero bus identifier, or logical unit / extended addressing): no jiet logical unit answers those.
     */
    public static OptionalInt decode(long field) {
        if ((field & 0x0000_FFFF_FFFF_FFFFL) != 0) {
            return OptionalInt.empty();
        }
        int first = (int) (field >>> 56) & 0xFF;
        int second = (int) (field >>> 48) & 0xFF;
        return switch (first >>> 6) {
            case PERIPHERAL_DEVICE_ADDRESSING -> (first & 0x3F) == 0 ? OptionalInt.of(second) : OptionalInt.empty();
            case FLAT_SPACE_ADDRESSING -> OptionalInt.of((first & 0x3F) << 8 | second);
            default -> OptionalInt.empty();
        };
    }

    /** The field for {@code lun}: peripheral device addressing below 256, flat space addressing above. */
    public static long encode(int lun) {
        if (lun < 0 || lun > MAX) {
            throw new IllegalArgumentException("LUN out of range 0-16383: " + lun);
        }
        long firstTwo = lun < 256 ? lun : (long) FLAT_SPACE_ADDRESSING << 14 | lun;
        return firstTwo << 48;
    }
}
