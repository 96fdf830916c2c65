package io.jiet.scsi.disk;

import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.LogicalUnitIdentity;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.StandardInquiryData;
import io.jiet.scsi.SupportedCommand;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * INQUIRY (SPC-4 §6.4) for a direct-access block device: standard data and the VPD pages Supported VPD Pages
 * (00h), Unit Serial Number (80h), Device Identification (83h), Block Limits (B0h, SBC-3 §6.6.3) and Block Device
 * Characteristics (B1h, SBC-3 §6.6.2). Immutable.
 */
final class Inquiry {

    private static final int SUPPORTED_VPD_PAGES = 0x00;
    private static final int UNIT_SERIAL_NUMBER = 0x80;
    private static final int DEVICE_IDENTIFICATION = 0x83;
    private static final int BLOCK_LIMITS = 0xB0;
    private static final int BLOCK_DEVICE_CHARACTERISTICS = 0xB1;
    /** Ascending, as SPC-4 §7.8.14 requires of the Supported VPD Pages list. */
    private static final int[] PAGES = {SUPPORTED_VPD_PAGES, UNIT_SERIAL_NUMBER, DEVICE_IDENTIFICATION,
        BLOCK_LIMITS, BLOCK_DEVICE_CHARACTERISTICS};
    /** SBC-3 pages B0h and B1h have a PAGE LENGTH of 3Ch. */
    private static final int SBC_PAGE_LENGTH = 0x3C;

    private final LogicalUnitIdentity identity;
    private final BlockGeometry geometry;
    private final byte[] standardData;

    Inquiry(LogicalUnitIdentity identity, BlockGeometry geometry) {
        this.identity = identity;
        this.geometry = geometry;
        this.standardData = StandardInquiryData.encode(StandardInquiryData.DIRECT_ACCESS_BLOCK_DEVICE,
                identity.vendorIdentification(), identity.productIdentification(), identity.productRevisionLevel(),
                StandardInquiryData.SAM_5, StandardInquiryData.SPC_4, StandardInquiryData.SBC_3,
                StandardInquiryData.ISCSI);
    }

    SupportedCommand command() {
        return SupportedCommand.of(this::execute, OperationCode.INQUIRY, 0x01, 0xFF, 0xFF, 0xFF, 0x00);
    }

    private ScsiResult execute(ScsiRequest request, Cdb cdb) throws CheckCondition {
        if (cdb.bit(1, 1)) {
            // CMDDT is obsolete since SPC-3 (SPC-4 §6.4.1): a device server that does not support it refuses it.
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 1));
        }
        boolean evpd = cdb.bit(1, 0);
        int pageCode = cdb.u8(2);
        int allocationLength = cdb.u16(3);
        if (!evpd) {
            if (pageCode != 0) {
                throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(2));
            }
            return ScsiResult.good(standardData.clone(), allocationLength);
        }
        byte[] page = switch (pageCode) {
            case SUPPORTED_VPD_PAGES -> supportedVpdPages();
            case UNIT_SERIAL_NUMBER -> unitSerialNumber();
            case DEVICE_IDENTIFICATION -> deviceIdentification();
            case BLOCK_LIMITS -> blockLimits();
            case BLOCK_DEVICE_CHARACTERISTICS -> blockDeviceCharacteristics();
            default -> throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(2));
        };
        return ScsiResult.good(page, allocationLength);
    }

    /** SPC-4 §7.8.14 table 527. */
    private static byte[] supportedVpdPages() {
        byte[] page = vpdHeader(SUPPORTED_VPD_PAGES, PAGES.length);
        for (int i = 0; i < PAGES.length; i++) {
            page[4 + i] = (byte) PAGES[i];
        }
        return page;
    }

    /** SPC-4 §7.8.15 table 528. */
    private byte[] unitSerialNumber() {
        byte[] serial = identity.unitSerialNumber().getBytes(StandardCharsets.US_ASCII);
        byte[] page = vpdHeader(UNIT_SERIAL_NUMBER, serial.length);
        System.arraycopy(serial, 0, page, 4, serial.length);
        return page;
    }

    /** SPC-4 §7.8.6 table 458: the identification descriptors one after another. */
    private byte[] deviceIdentification() {
        ByteArrayOutputStream descriptors = new ByteArrayOutputStream();
        identity.designators().forEach(d -> descriptors.writeBytes(d.encode()));
        byte[] list = descriptors.toByteArray();
        byte[] page = vpdHeader(DEVICE_IDENTIFICATION, list.length);
        System.arraycopy(list, 0, page, 4, list.length);
        return page;
    }

    /**
     * SBC-3 §6.6.3 table 201. Only MAXIMUM TRANSFER LENGTH is limited; no COMPARE AND WRITE, UNMAP or WRITE SAME,
     * so their limits stay 0.
     */
    private byte[] blockLimits() {
        byte[] page = vpdHeader(BLOCK_LIMITS, SBC_PAGE_LENGTH);
        putInt(page, 8, geometry.maximumTransferBlocks());
        return page;
    }

    /** SBC-3 §6.6.2 table 199: rotation rate and form factor not reported. */
    private static byte[] blockDeviceCharacteristics() {
        return vpdHeader(BLOCK_DEVICE_CHARACTERISTICS, SBC_PAGE_LENGTH);
    }

    /** Peripheral qualifier 0, direct-access device, page code, 16-bit PAGE LENGTH; the body is left zeroed. */
    private static byte[] vpdHeader(int pageCode, int pageLength) {
        byte[] page = new byte[4 + pageLength];
        page[1] = (byte) pageCode;
        page[2] = (byte) (pageLength >>> 8);
        page[3] = (byte) pageLength;
        return page;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
