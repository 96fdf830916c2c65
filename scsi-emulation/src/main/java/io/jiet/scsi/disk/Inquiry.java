package io.jiet.scsi.disk;

import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.LogicalUnitIdentity;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.StandardInquiryData;
import io.jiet.scsi.SupportedCommand;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * INQUIRY (SPC-4 §6.4) for a direct-access block device: standard data (with 3PC set: EXTENDED COPY is served)
 * and the VPD pages Supported VPD Pages (00h), Unit Serial Number (80h), Device Identification (83h), Extended
 * INQUIRY Data (86h, SPC-4 §7.8.7), Block Limits (B0h, SBC-3 §6.6.3), Block Device Characteristics (B1h, SBC-3
 * §6.6.2) and Logical Block Provisioning (B2h, SBC-3 §6.6.4). Allowed whatever is reserved, and never reports a
 * unit attention. Immutable; the pages are built per request from the current geometry.
 */
final class Inquiry {

    private static final int SUPPORTED_VPD_PAGES = 0x00;
    private static final int UNIT_SERIAL_NUMBER = 0x80;
    private static final int DEVICE_IDENTIFICATION = 0x83;
    private static final int EXTENDED_INQUIRY_DATA = 0x86;
    private static final int BLOCK_LIMITS = 0xB0;
    private static final int BLOCK_DEVICE_CHARACTERISTICS = 0xB1;
    private static final int LOGICAL_BLOCK_PROVISIONING = 0xB2;
    /** Ascending, as SPC-4 §7.8.14 requires of the Supported VPD Pages list. */
    private static final int[] PAGES = {SUPPORTED_VPD_PAGES, UNIT_SERIAL_NUMBER, DEVICE_IDENTIFICATION,
        EXTENDED_INQUIRY_DATA, BLOCK_LIMITS, BLOCK_DEVICE_CHARACTERISTICS, LOGICAL_BLOCK_PROVISIONING};
    /** Pages 86h, B0h and B1h have a PAGE LENGTH of 3Ch. */
    private static final int LONG_PAGE_LENGTH = 0x3C;
    private static final int PROVISIONING_TYPE_THIN = 0b010;

    private final LogicalUnitIdentity identity;
    private final Medium medium;
    private final byte[] standardData;

    Inquiry(LogicalUnitIdentity identity, Medium medium) {
        this.identity = identity;
        this.medium = medium;
        this.standardData = StandardInquiryData.encode(StandardInquiryData.DIRECT_ACCESS_BLOCK_DEVICE,
                identity.vendorIdentification(), identity.productIdentification(), identity.productRevisionLevel(),
                StandardInquiryData.SAM_5, StandardInquiryData.SPC_4, StandardInquiryData.SBC_3,
                StandardInquiryData.ISCSI);
        standardData[5] |= StandardInquiryData.THIRD_PARTY_COPY;
    }

    SupportedCommand command() {
        return SupportedCommand.of(this::execute, OperationCode.INQUIRY, 0x01, 0xFF, 0xFF, 0xFF, 0x00)
                .withAccess(ReservationAccess.UNRESTRICTED);
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
            case EXTENDED_INQUIRY_DATA -> extendedInquiryData();
            case BLOCK_LIMITS -> blockLimits();
            case BLOCK_DEVICE_CHARACTERISTICS -> blockDeviceCharacteristics();
            case LOGICAL_BLOCK_PROVISIONING -> logicalBlockProvisioning();
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
     * SPC-4 table 479: SIMPSUP (simple task attribute), V_SUP when the store has a volatile write cache, LUICLR
     * (commands are cleared per logical unit). No protection information, no microcode download.
     */
    private byte[] extendedInquiryData() {
        byte[] page = vpdHeader(EXTENDED_INQUIRY_DATA, LONG_PAGE_LENGTH);
        page[5] = 0x01;
        if (medium.store().writeCacheChangeable() || medium.store().writeCacheEnabled()) {
            page[6] = 0x01;
        }
        page[7] = 0x01;
        return page;
    }

    /**
     * SBC-3 §6.6.3 table 201 (SBC-4 table 262 for the atomic fields): WSNZ 0, MAXIMUM COMPARE AND WRITE LENGTH
     * 255, OPTIMAL TRANSFER LENGTH GRANULARITY one physical block, MAXIMUM TRANSFER LENGTH, for a thin unit the
     * UNMAP limits and granularity (one physical block, UGAVALID with alignment 0), MAXIMUM WRITE SAME LENGTH and
     * MAXIMUM ATOMIC TRANSFER LENGTH (no alignment or granularity restriction, no boundaries).
     */
    private byte[] blockLimits() {
        BlockGeometry geometry = medium.geometry();
        ByteBuffer page = ByteBuffer.wrap(vpdHeader(BLOCK_LIMITS, LONG_PAGE_LENGTH));
        page.put(5, (byte) CompareAndWrite.MAXIMUM_BLOCKS);
        page.putShort(6, (short) geometry.logicalBlocksPerPhysicalBlock());
        page.putInt(8, geometry.maximumTransferBlocks());
        if (medium.thinProvisioned()) {
            page.putInt(20, (int) LogicalBlockProvisioning.MAXIMUM_LBA_COUNT);
            page.putInt(24, LogicalBlockProvisioning.MAXIMUM_DESCRIPTORS);
            page.putInt(28, geometry.logicalBlocksPerPhysicalBlock());
            page.putInt(32, 0x8000_0000);
        }
        page.putLong(36, WriteSame.MAXIMUM_BLOCKS);
        page.putInt(44, geometry.maximumTransferBlocks());
        return page.array();
    }

    /**
     * SBC-3 §6.6.2 table 199: rotation rate and form factor not reported; WABEREQ and WACEREQ 01b (reads after a
     * block or crypto erase sanitize succeed) where those sanitize operations exist (thin units).
     */
    private byte[] blockDeviceCharacteristics() {
        byte[] page = vpdHeader(BLOCK_DEVICE_CHARACTERISTICS, LONG_PAGE_LENGTH);
        if (medium.thinProvisioned()) {
            page[7] = 0x50;
        }
        return page;
    }

    /**
     * SBC-3 §6.6.4 table 206: for a thin unit LBPU (UNMAP), LBPWS and LBPWS10 (WRITE SAME with UNMAP), LBPRZ and
     * PROVISIONING TYPE 010b; a fully provisioned unit reports none of them (type 000b).
     */
    private byte[] logicalBlockProvisioning() {
        byte[] page = vpdHeader(LOGICAL_BLOCK_PROVISIONING, 4);
        if (medium.thinProvisioned()) {
            page[5] = (byte) (0x80 | 0x40 | 0x20 | 0x04);
            page[6] = PROVISIONING_TYPE_THIN;
        }
        return page;
    }

    /** Peripheral qualifier 0, direct-access device, page code, 16-bit PAGE LENGTH; the body is left zeroed. */
    private static byte[] vpdHeader(int pageCode, int pageLength) {
        byte[] page = new byte[4 + pageLength];
        page[1] = (byte) pageCode;
        page[2] = (byte) (pageLength >>> 8);
        page[3] = (byte) pageLength;
        return page;
    }
}
