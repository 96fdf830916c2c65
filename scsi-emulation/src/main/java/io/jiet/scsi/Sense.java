package io.jiet.scsi;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Sense data: a sense key, an additional sense code and qualifier (SPC-4 §4.5.6, table 46), and optionally the
 * INFORMATION field and a sense-key-specific field (SPC-4 §4.5.2.4): a field pointer telling the initiator which
 * CDB or parameter-list byte was refused, or the progress of a long operation. The constants carry the names
 * SPC-4's ASC/ASCQ table gives them; derive a located variant with {@link #inCdb(int, int)} or
 * {@link #inParameterList(int, int)}, a progress report with {@link #withProgress(int)}.
 */
public record Sense(SenseKey senseKey, int asc, int ascq, OptionalLong information,
                    Optional<SenseKeySpecific> specific) {

    public static final Sense NO_ADDITIONAL_SENSE_INFORMATION = of(SenseKey.NO_SENSE, 0x00, 0x00);
    /** NOT READY, 04/1B: SANITIZE is running (SBC-3 §4.34); carries the progress. */
    public static final Sense LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS = of(SenseKey.NOT_READY, 0x04, 0x1B);
    public static final Sense INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT =
            of(SenseKey.ILLEGAL_REQUEST, 0x0E, 0x03);
    public static final Sense PARAMETER_LIST_LENGTH_ERROR = of(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
    public static final Sense INVALID_COMMAND_OPERATION_CODE = of(SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
    /** SPC-4: LOGICAL BLOCK ADDRESS OUT OF RANGE. */
    public static final Sense LBA_OUT_OF_RANGE = of(SenseKey.ILLEGAL_REQUEST, 0x21, 0x00);
    public static final Sense INVALID_FIELD_IN_CDB = of(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
    public static final Sense LOGICAL_UNIT_NOT_SUPPORTED = of(SenseKey.ILLEGAL_REQUEST, 0x25, 0x00);
    public static final Sense INVALID_FIELD_IN_PARAMETER_LIST = of(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00);
    public static final Sense INVALID_RELEASE_OF_PERSISTENT_RESERVATION = of(SenseKey.ILLEGAL_REQUEST, 0x26, 0x04);
    public static final Sense TOO_MANY_TARGET_DESCRIPTORS = of(SenseKey.ILLEGAL_REQUEST, 0x26, 0x06);
    public static final Sense UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE = of(SenseKey.ILLEGAL_REQUEST, 0x26, 0x07);
    public static final Sense TOO_MANY_SEGMENT_DESCRIPTORS = of(SenseKey.ILLEGAL_REQUEST, 0x26, 0x08);
    public static final Sense UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE = of(SenseKey.ILLEGAL_REQUEST, 0x26, 0x09);
    public static final Sense SAVING_PARAMETERS_NOT_SUPPORTED = of(SenseKey.ILLEGAL_REQUEST, 0x39, 0x00);
    public static final Sense INSUFFICIENT_REGISTRATION_RESOURCES = of(SenseKey.ILLEGAL_REQUEST, 0x55, 0x04);
    public static final Sense WRITE_ERROR = of(SenseKey.MEDIUM_ERROR, 0x0C, 0x00);
    public static final Sense UNRECOVERED_READ_ERROR = of(SenseKey.MEDIUM_ERROR, 0x11, 0x00);
    /** MEDIUM ERROR, 31/03: the last SANITIZE failed; the medium stays unusable until a sanitize succeeds. */
    public static final Sense SANITIZE_COMMAND_FAILED = of(SenseKey.MEDIUM_ERROR, 0x31, 0x03);
    public static final Sense INTERNAL_TARGET_FAILURE = of(SenseKey.HARDWARE_ERROR, 0x44, 0x00);
    public static final Sense POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED = of(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
    public static final Sense POWER_ON_OCCURRED = of(SenseKey.UNIT_ATTENTION, 0x29, 0x01);
    public static final Sense SCSI_BUS_RESET_OCCURRED = of(SenseKey.UNIT_ATTENTION, 0x29, 0x02);
    public static final Sense BUS_DEVICE_RESET_FUNCTION_OCCURRED = of(SenseKey.UNIT_ATTENTION, 0x29, 0x03);
    public static final Sense I_T_NEXUS_LOSS_OCCURRED = of(SenseKey.UNIT_ATTENTION, 0x29, 0x07);
    public static final Sense MODE_PARAMETERS_CHANGED = of(SenseKey.UNIT_ATTENTION, 0x2A, 0x01);
    public static final Sense RESERVATIONS_PREEMPTED = of(SenseKey.UNIT_ATTENTION, 0x2A, 0x03);
    public static final Sense RESERVATIONS_RELEASED = of(SenseKey.UNIT_ATTENTION, 0x2A, 0x04);
    public static final Sense REGISTRATIONS_PREEMPTED = of(SenseKey.UNIT_ATTENTION, 0x2A, 0x05);
    public static final Sense ASYMMETRIC_ACCESS_STATE_CHANGED = of(SenseKey.UNIT_ATTENTION, 0x2A, 0x06);
    public static final Sense CAPACITY_DATA_HAS_CHANGED = of(SenseKey.UNIT_ATTENTION, 0x2A, 0x09);
    public static final Sense COMMANDS_CLEARED_BY_ANOTHER_INITIATOR = of(SenseKey.UNIT_ATTENTION, 0x2F, 0x00);
    public static final Sense COMMANDS_CLEARED_BY_DEVICE_SERVER = of(SenseKey.UNIT_ATTENTION, 0x2F, 0x01);
    public static final Sense REPORTED_LUNS_DATA_HAS_CHANGED = of(SenseKey.UNIT_ATTENTION, 0x3F, 0x0E);
    public static final Sense WRITE_PROTECTED = of(SenseKey.DATA_PROTECT, 0x27, 0x00);
    public static final Sense SOFTWARE_WRITE_PROTECTED = of(SenseKey.DATA_PROTECT, 0x27, 0x02);
    /** COPY ABORTED, 0D/02: a copy source or destination cannot be reached (SPC-4 §6.4.3.3). */
    public static final Sense COPY_TARGET_DEVICE_NOT_REACHABLE = of(SenseKey.COPY_ABORTED, 0x0D, 0x02);
    /** COPY ABORTED, 00/00: a segment failed on a reachable copy target; see the segment pointer. */
    public static final Sense COPY_ABORTED = of(SenseKey.COPY_ABORTED, 0x00, 0x00);
    public static final Sense MISCOMPARE_DURING_VERIFY_OPERATION = of(SenseKey.MISCOMPARE, 0x1D, 0x00);

    /** Fixed-format sense data is 18 bytes: 8 of header plus an additional sense length of 10 (SPC-4 §4.5.3). */
    public static final int FIXED_FORMAT_LENGTH = 18;

    /** The SENSE KEY SPECIFIC field, SPC-4 §4.5.2.4: three bytes whose first bit is SKSV. */
    public sealed interface SenseKeySpecific permits FieldPointer, ProgressIndication {
        void encode(byte[] b, int at);
    }

    /**
     * The field pointer of ILLEGAL REQUEST (SPC-4 §4.5.2.4.2, table 49): the byte of the CDB ({@code inCdb}) or
     * of the parameter list, and the bit within it, or -1 when the whole byte is meant. COPY ABORTED uses the same
     * layout as its segment pointer (§4.5.2.4.5) with SD 0: a byte of the parameter list.
     */
    public record FieldPointer(boolean inCdb, int byteIndex, int bitIndex) implements SenseKeySpecific {
        public FieldPointer {
            if (byteIndex < 0 || byteIndex > 0xFFFF) {
                throw new IllegalArgumentException("field pointer byte out of range: " + byteIndex);
            }
            if (bitIndex < -1 || bitIndex > 7) {
                throw new IllegalArgumentException("bit pointer out of range: " + bitIndex);
            }
        }

        @Override
        public void encode(byte[] b, int at) {
            int first = 0x80; // SKSV
            if (inCdb) {
                first |= 0x40; // C/D
            }
            if (bitIndex >= 0) {
                first |= 0x08 | bitIndex; // BPV and BIT POINTER
            }
            b[at] = (byte) first;
            b[at + 1] = (byte) (byteIndex >>> 8);
            b[at + 2] = (byte) byteIndex;
        }
    }

    /** PROGRESS INDICATION (SPC-4 §4.5.2.4.3): the fraction of a long operation done, in 65536ths. */
    public record ProgressIndication(int fraction) implements SenseKeySpecific {
        public ProgressIndication {
            if (fraction < 0 || fraction > 0xFFFF) {
                throw new IllegalArgumentException("progress out of range: " + fraction);
            }
        }

        @Override
        public void encode(byte[] b, int at) {
            b[at] = (byte) 0x80;
            b[at + 1] = (byte) (fraction >>> 8);
            b[at + 2] = (byte) fraction;
        }
    }

    public Sense {
        Objects.requireNonNull(senseKey, "senseKey");
        Objects.requireNonNull(information, "information");
        Objects.requireNonNull(specific, "specific");
        if ((asc & ~0xFF) != 0 || (ascq & ~0xFF) != 0) {
            throw new IllegalArgumentException("ASC and ASCQ are single bytes");
        }
    }

    public static Sense of(SenseKey key, int asc, int ascq) {
        return new Sense(key, asc, ascq, OptionalLong.empty(), Optional.empty());
    }

    /** The field pointer, if this sense carries one. */
    public Optional<FieldPointer> fieldPointer() {
        return specific.filter(FieldPointer.class::isInstance).map(FieldPointer.class::cast);
    }

    /** Whether {@code other} has the same sense key, ASC and ASCQ (whatever its fields). */
    public boolean sameCode(Sense other) {
        return senseKey == other.senseKey && asc == other.asc && ascq == other.ascq;
    }

    /** This sense, pointing at a whole CDB byte. */
    public Sense inCdb(int byteIndex) {
        return inCdb(byteIndex, -1);
    }

    /** This sense, pointing at a bit of a CDB byte (the most significant bit of a multi-bit field). */
    public Sense inCdb(int byteIndex, int bitIndex) {
        return new Sense(senseKey, asc, ascq, information, Optional.of(new FieldPointer(true, byteIndex, bitIndex)));
    }

    public Sense inParameterList(int byteIndex) {
        return inParameterList(byteIndex, -1);
    }

    public Sense inParameterList(int byteIndex, int bitIndex) {
        return new Sense(senseKey, asc, ascq, information,
                Optional.of(new FieldPointer(false, byteIndex, bitIndex)));
    }

    /** This sense with a progress indication of {@code done} out of {@code total}. */
    public Sense withProgress(long done, long total) {
        int fraction = total <= 0 ? 0 : (int) Math.min(0xFFFF, done * 0x10000 / total);
        return new Sense(senseKey, asc, ascq, information, Optional.of(new ProgressIndication(fraction)));
    }

    /** This sense with the INFORMATION field set, e.g. the first LBA of a failed transfer. */
    public Sense withInformation(long value) {
        return new Sense(senseKey, asc, ascq, OptionalLong.of(value), specific);
    }

    /** Descriptor format when {@code descriptorFormat} (the Control mode page's D_SENSE), else fixed. */
    public byte[] encode(boolean descriptorFormat) {
        return descriptorFormat ? descriptorFormat() : fixedFormat();
    }

    /** Fixed-format sense data, SPC-4 §4.5.3 table 48: response code 70h (current error), 18 bytes. */
    public byte[] fixedFormat() {
        byte[] b = new byte[FIXED_FORMAT_LENGTH];
        b[0] = 0x70;
        // INFORMATION is 4 bytes here; a larger value cannot be reported, so VALID stays 0 (SPC-4 §4.5.3).
        if (information.isPresent() && (information.getAsLong() >>> 32) == 0) {
            b[0] |= (byte) 0x80;
            putInt(b, 3, (int) information.getAsLong());
        }
        b[2] = (byte) senseKey.code();
        b[7] = FIXED_FORMAT_LENGTH - 8;
        b[12] = (byte) asc;
        b[13] = (byte) ascq;
        specific.ifPresent(s -> s.encode(b, 15));
        return b;
    }

    /**
     * Descriptor-format sense data, SPC-4 §4.5.2: response code 72h, then an information descriptor (§4.5.2.2)
     * and a sense key specific descriptor (§4.5.2.4) where those fields are present.
     */
    public byte[] descriptorFormat() {
        int length = 8 + (information.isPresent() ? 12 : 0) + (specific.isPresent() ? 8 : 0);
        byte[] b = new byte[length];
        b[0] = 0x72;
        b[1] = (byte) senseKey.code();
        b[2] = (byte) asc;
        b[3] = (byte) ascq;
        b[7] = (byte) (length - 8);
        int at = 8;
        if (information.isPresent()) {
            b[at] = 0x00;
            b[at + 1] = 0x0A;
            b[at + 2] = (byte) 0x80;
            putLong(b, at + 4, information.getAsLong());
            at += 12;
        }
        if (specific.isPresent()) {
            b[at] = 0x02;
            b[at + 1] = 0x06;
            specific.get().encode(b, at + 4);
        }
        return b;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }
}
