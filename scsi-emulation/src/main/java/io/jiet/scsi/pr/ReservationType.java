package io.jiet.scsi.pr;

import java.util.Optional;

/** The persistent reservation types, SPC-4 §6.15.4 table 200 (TYPE field of PERSISTENT RESERVE OUT). */
public enum ReservationType {
    WRITE_EXCLUSIVE(0x1),
    EXCLUSIVE_ACCESS(0x3),
    WRITE_EXCLUSIVE_REGISTRANTS_ONLY(0x5),
    EXCLUSIVE_ACCESS_REGISTRANTS_ONLY(0x6),
    WRITE_EXCLUSIVE_ALL_REGISTRANTS(0x7),
    EXCLUSIVE_ACCESS_ALL_REGISTRANTS(0x8);

    private final int code;

    ReservationType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<ReservationType> of(int code) {
        for (ReservationType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Every registrant holds an all-registrants reservation (SPC-4 §5.13.10). */
    public boolean allRegistrants() {
        return this == WRITE_EXCLUSIVE_ALL_REGISTRANTS || this == EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
    }

    /** Registrants-only and all-registrants types give every registered I_T nexus full access. */
    public boolean registrantsHaveAccess() {
        return code >= 0x5;
    }

    /** Exclusive Access types also refuse reads to those without access; Write Exclusive ones only writes. */
    public boolean exclusiveAccess() {
        return this == EXCLUSIVE_ACCESS || this == EXCLUSIVE_ACCESS_REGISTRANTS_ONLY
                || this == EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
    }
}
