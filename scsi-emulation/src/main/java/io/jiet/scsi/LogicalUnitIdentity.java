package io.jiet.scsi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What a logical unit tells hosts it is: the standard INQUIRY vendor, product and revision strings, the PRODUCT
 * SERIAL NUMBER of the Unit Serial Number VPD page (SPC-4 §7.8.15, given exactly as it is sent, padding included)
 * and the designators of the Device Identification VPD page (SPC-4 §7.8.6). Multipath and udev derive WWIDs from
 * the last two, so they must not change across restarts or upgrades. Immutable.
 */
public record LogicalUnitIdentity(String vendorIdentification, String productIdentification,
                                  String productRevisionLevel, String unitSerialNumber,
                                  List<Designator> designators) {

    /** IET's ScsiId: 16 bytes (kernel {@code SCSI_ID_LEN}). */
    public static final int IET_SCSI_ID_LENGTH = 16;
    /** IET's ScsiSN: at most 32 bytes (kernel {@code SCSI_SN_LEN}). */
    public static final int IET_SCSI_SN_MAX_LENGTH = 32;

    private static final byte[] IET_T10_VENDOR = {'I', 'E', 'T', 0, 0, 0, 0, 0};

    public LogicalUnitIdentity {
        requireAscii("vendor identification", vendorIdentification, 8);
        requireAscii("product identification", productIdentification, 16);
        requireAscii("product revision level", productRevisionLevel, 4);
        requireAscii("unit serial number", unitSerialNumber, 255 - 4);
        designators = List.copyOf(designators);
    }

    /**
     * The identity IET 1.4.20 presented for LUN {@code lun} of target {@code targetName}, byte for byte, so that
     * hosts keep their WWIDs when jiet replaces IET (IET's {@code kernel/volume.c} and {@code target_disk.c}):
     * <ul>
     *   <li>ScsiId: the configured string's bytes, zero-padded to 16; when none is configured, the MD5 of the
     *   target name followed by the LUN as a 4-byte little-endian integer ({@code gen_scsiid}, x86 byte order).</li>
     *   <li>VPD 80h: the ScsiSN right-aligned in spaces to 16 bytes when it has at most 16 characters, to 32
     *   otherwise; when none is configured, the lowercase hex of the 16 ScsiId bytes (32 characters).</li>
     *   <li>VPD 83h: one designator, code set 1 (binary), association 0 (logical unit), type 1 (T10 vendor ID),
     *   24 bytes: {@code "IET"} and 5 NUL bytes, then the 16 ScsiId bytes.</li>
     * </ul>
     *
     * @param targetName the target name exactly as ietd.conf spells it (IET hashed it unchanged)
     * @param scsiIdOrNull {@code ScsiId=} value, at most 16 bytes, or null/empty for the generated one
     * @param scsiSnOrNull {@code ScsiSN=} value, printable ASCII, at most 32 characters, or null/empty
     */
    public static LogicalUnitIdentity iet(String targetName, int lun, String scsiIdOrNull, String scsiSnOrNull) {
        Objects.requireNonNull(targetName, "targetName");
        byte[] scsiId = isEmpty(scsiIdOrNull) ? ietGeneratedScsiId(targetName, lun) : ietConfiguredScsiId(scsiIdOrNull);
        String serial = isEmpty(scsiSnOrNull) ? HexFormat.of().formatHex(scsiId) : scsiSnOrNull;
        byte[] t10Identifier = new byte[IET_T10_VENDOR.length + IET_SCSI_ID_LENGTH];
        System.arraycopy(IET_T10_VENDOR, 0, t10Identifier, 0, IET_T10_VENDOR.length);
        System.arraycopy(scsiId, 0, t10Identifier, IET_T10_VENDOR.length, IET_SCSI_ID_LENGTH);
        Designator t10 = new Designator(Designator.CODE_SET_BINARY, Designator.ASSOCIATION_LOGICAL_UNIT,
                Designator.TYPE_T10_VENDOR_ID, t10Identifier);
        return new LogicalUnitIdentity("IET", "VIRTUAL-DISK", "0", ietSerialField(serial), List.of(t10));
    }

    /**
     * This identity with an NAA IEEE Registered Extended designator added after the existing ones (the
     * {@code Identity=naa} option): NAA 6h, IEEE COMPANY_ID {@link #NAA_COMPANY_ID}, and the 100 bits of VENDOR
     * SPECIFIC IDENTIFIER and its EXTENSION taken from a SHA-256 of the first designator's identifier, so the NAA
     * designator follows the ScsiId deterministically: two targets exporting the same ScsiId (replicated storage
     * behind multipath) present the same NAA name (SPC-4 §7.8.6.6.5).
     */
    public LogicalUnitIdentity withNaaDesignator() {
        if (designators.stream().anyMatch(d -> d.designatorType() == Designator.TYPE_NAA)) {
            return this;
        }
        byte[] seed = designators.isEmpty() ? unitSerialNumber.getBytes(StandardCharsets.US_ASCII)
                : designators.getFirst().identifier();
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(seed);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
        byte[] naa = new byte[16];
        naa[0] = (byte) (0x60 | (NAA_COMPANY_ID >>> 20) & 0x0F);
        naa[1] = (byte) (NAA_COMPANY_ID >>> 12);
        naa[2] = (byte) (NAA_COMPANY_ID >>> 4);
        naa[3] = (byte) ((NAA_COMPANY_ID & 0x0F) << 4 | hash[0] & 0x0F);
        System.arraycopy(hash, 1, naa, 4, 12);
        List<Designator> all = new java.util.ArrayList<>(designators);
        all.add(new Designator(Designator.CODE_SET_BINARY, Designator.ASSOCIATION_LOGICAL_UNIT,
                Designator.TYPE_NAA, naa));
        return new LogicalUnitIdentity(vendorIdentification, productIdentification, productRevisionLevel,
                unitSerialNumber, all);
    }

    /**
     * The IEEE COMPANY_ID of jiet's NAA designators. jiet has no IEEE-registered company ID of its own; 000000h
     * keeps the designator well formed. A distribution that owns an OUI should put it here.
     */
    public static final int NAA_COMPANY_ID = 0x000000;

    /** IET's {@code gen_scsiid}: MD5 over the target name, then the u32 LUN in host (x86: little-endian) order. */
    static byte[] ietGeneratedScsiId(String targetName, int lun) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(targetName.getBytes(StandardCharsets.UTF_8));
            md5.update(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(lun).array());
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides MD5", e);
        }
    }

    /** IET's {@code set_scsiid}: the string's bytes copied into a zeroed 16-byte id. */
    private static byte[] ietConfiguredScsiId(String scsiId) {
        byte[] bytes = scsiId.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > IET_SCSI_ID_LENGTH) {
            throw new IllegalArgumentException("ScsiId longer than 16 bytes: " + scsiId);
        }
        return Arrays.copyOf(bytes, IET_SCSI_ID_LENGTH);
    }

    /** IET's VPD 80h: right-aligned in a space-filled field of 16 bytes, or 32 when longer than 16. */
    private static String ietSerialField(String serial) {
        if (serial.length() > IET_SCSI_SN_MAX_LENGTH) {
            throw new IllegalArgumentException("ScsiSN longer than 32 characters: " + serial);
        }
        for (char c : serial.toCharArray()) {
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("ScsiSN must be printable ASCII: " + serial);
            }
        }
        int width = serial.length() <= 16 ? 16 : IET_SCSI_SN_MAX_LENGTH;
        return " ".repeat(width - serial.length()) + serial;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static void requireAscii(String what, String value, int maxLength) {
        Objects.requireNonNull(value, what);
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(what + " longer than " + maxLength + ": " + value);
        }
        for (char c : value.toCharArray()) {
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException(what + " must be printable ASCII: " + value);
            }
        }
    }

    /**
     * One identification descriptor of the Device Identification VPD page, SPC-4 §7.8.6.1 table 459 (protocol
     * identifier 0, PIV 0). Immutable: the identifier is copied in and out.
     */
    public record Designator(int codeSet, int association, int designatorType, byte[] identifier) {

        public static final int CODE_SET_BINARY = 1;
        public static final int CODE_SET_ASCII = 2;
        public static final int ASSOCIATION_LOGICAL_UNIT = 0;
        public static final int TYPE_T10_VENDOR_ID = 1;
        public static final int TYPE_NAA = 3;

        public Designator {
            if ((codeSet & ~0xF) != 0 || (association & ~0x3) != 0 || (designatorType & ~0xF) != 0) {
                throw new IllegalArgumentException("code set, association or designator type out of range");
            }
            identifier = identifier.clone();
            if (identifier.length > 255) {
                throw new IllegalArgumentException("designator longer than 255 bytes");
            }
        }

        @Override
        public byte[] identifier() {
            return identifier.clone();
        }

        /** The 4-byte header followed by the identifier. */
        public byte[] encode() {
            byte[] b = new byte[4 + identifier.length];
            b[0] = (byte) codeSet;
            b[1] = (byte) (association << 4 | designatorType);
            b[3] = (byte) identifier.length;
            System.arraycopy(identifier, 0, b, 4, identifier.length);
            return b;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Designator d && d.codeSet == codeSet && d.association == association
                    && d.designatorType == designatorType && Arrays.equals(d.identifier, identifier);
        }

        @Override
        public int hashCode() {
            return Objects.hash(codeSet, association, designatorType, Arrays.hashCode(identifier));
        }

        @Override
        public String toString() {
            return "Designator[codeSet=" + codeSet + ", association=" + association + ", type=" + designatorType
                    + ", identifier=" + HexFormat.of().formatHex(identifier) + "]";
        }
    }
}
