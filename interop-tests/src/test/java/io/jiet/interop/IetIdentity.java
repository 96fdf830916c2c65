package io.jiet.interop;

import java.nio.charset.StandardCharsets;

/** The bytes of IET's VPD 0x83 designator, from shared/docs/iet-reference.md and SPC-4 §7.8.6.4. */
final class IetIdentity {
    private IetIdentity() {
    }

    /**
     * The 24 designator bytes: T10 VENDOR IDENTIFICATION {@code "IET"} padded with NULs to 8 bytes, then the
     * configured ScsiId as ASCII, NUL-padded to 16 bytes.
     */
    static byte[] t10Designator(String scsiId) {
        byte[] designator = new byte[24];
        byte[] vendor = "IET".getBytes(StandardCharsets.US_ASCII);
        byte[] id = scsiId.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(vendor, 0, designator, 0, vendor.length);
        System.arraycopy(id, 0, designator, 8, Math.min(16, id.length));
        return designator;
    }

    /**
     * The whole designation descriptor: code set 1 (binary), association 0 with type 1 (T10 vendor ID),
     * length 18h, then {@link #t10Designator}.
     */
    static byte[] t10Descriptor(String scsiId) {
        byte[] descriptor = new byte[4 + 24];
        descriptor[0] = 0x01;
        descriptor[1] = 0x01;
        descriptor[3] = 0x18;
        System.arraycopy(t10Designator(scsiId), 0, descriptor, 4, 24);
        return descriptor;
    }
}
