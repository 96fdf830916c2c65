package io.jiet.scsi.disk;

import io.jiet.alua.TargetPortDesignators;
import io.jiet.alua.rdac.RdacPersonality;
import io.jiet.alua.rdac.RdacVolume;
import io.jiet.alua.rdac.RdacVpdPages;
import io.jiet.scsi.AsymmetricAccess;
import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.ItNexus;
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
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * INQUIRY (SPC-4 §6.4) for a direct-access block device: standard data (with 3PC set: EXTENDED COPY is served)
 * and the VPD pages Supported VPD Pages (00h), Unit Serial Number (80h), Device Identification (83h), Extended
 * INQUIRY Data (86h, SPC-4 §7.8.7), Block Limits (B0h, SBC-3 §6.6.3), Block Device Characteristics (B1h, SBC-3
 * §6.6.2) and Logical Block Provisioning (B2h, SBC-3 §6.6.4). Allowed whatever is reserved, and never reports a
 * unit attention. Immutable; the pages are built per request from the current geometry.
 * <p>
 * On a target with ALUA, an ALUA logical unit reports TPGS (byte 5) and appends the designators of the target port
 * the command came through (relative target port, target port group, SCSI name string) after IET's logical-unit
 * designator in VPD 83h; an RDAC logical unit ({@code Rdac=yes}) reports TPGS 0 and serves the vendor pages C2h,
 * C4h, C8h and C9h instead (listed in VPD 00h, since Linux only asks for listed pages). MultiP (byte 6 bit 4) is set
 * when the target has more than one port.
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

    /** Standard INQUIRY byte 6 bit 4 (SPC-4 table 142). */
    private static final int MULTI_PORT = 0x10;

    private final LogicalUnitIdentity identity;
    private final Medium medium;
    private final byte[] standardData;
    private final Supplier<AsymmetricAccess> access;
    private final boolean rdac;
    private final IntSupplier lun;

    Inquiry(LogicalUnitIdentity identity, Medium medium) {
        this(identity, medium, () -> AsymmetricAccess.NONE, false, () -> 0);
    }

    /**
     * @param access how the target's ports present this unit (read per command: it is set when the unit joins)
     * @param rdac   {@code Rdac=yes}: TPGS 0 and the RDAC vendor pages
     * @param lun    this unit's LUN (VPD C8h)
     */
    Inquiry(LogicalUnitIdentity identity, Medium medium, Supplier<AsymmetricAccess> access, boolean rdac,
            IntSupplier lun) {
        this.identity = identity;
        this.medium = medium;
        this.access = access;
        this.rdac = rdac;
        this.lun = lun;
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
            return ScsiResult.good(standardData(), allocationLength);
        }
        Optional<RdacPersonality> personality = rdacPersonality();
        if (personality.isPresent() && Arrays.stream(RdacVpdPages.PAGE_CODES).anyMatch(c -> c == pageCode)) {
            AsymmetricAccess a = access.get();
            byte[] page = personality.get().vpdPage(pageCode, rdacVolume(), a.groupOf(request.nexus()))
                    .orElseThrow(() -> new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(2)));
            return ScsiResult.good(page, allocationLength);
        }
        byte[] page = switch (pageCode) {
            case SUPPORTED_VPD_PAGES -> supportedVpdPages(personality.isPresent());
            case UNIT_SERIAL_NUMBER -> unitSerialNumber();
            case DEVICE_IDENTIFICATION -> deviceIdentification(request.nexus());
            case EXTENDED_INQUIRY_DATA -> extendedInquiryData();
            case BLOCK_LIMITS -> blockLimits();
            case BLOCK_DEVICE_CHARACTERISTICS -> blockDeviceCharacteristics();
            case LOGICAL_BLOCK_PROVISIONING -> logicalBlockProvisioning();
            default -> throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(2));
        };
        return ScsiResult.good(page, allocationLength);
    }

    /** Byte 5 TPGS for an ALUA unit, byte 6 MultiP when the target has several ports (SPC-4 table 142). */
    private byte[] standardData() {
        byte[] data = standardData.clone();
        AsymmetricAccess a = access.get();
        if (a.alua() && !rdac) {
            data[5] |= (byte) a.inquiryTpgsBits();
        }
        if (a.multiPort()) {
            data[6] |= MULTI_PORT;
        }
        return data;
    }

    /** The personality when this is an RDAC unit on a target with groups and a LUN RDAC can name (0-255). */
    private Optional<RdacPersonality> rdacPersonality() {
        int number = lun.getAsInt();
        return rdac && number <= 0xFF ? access.get().rdac() : Optional.empty();
    }

    /**
     * VPD C8h's volume: LUN, the 16 bytes after IET's "IET" T10 vendor prefix (the ScsiId, identical on every path)
     * and the unit serial number as label.
     */
    private RdacVolume rdacVolume() {
        byte[] id = identity.designators().getFirst().identifier();
        byte[] unique = Arrays.copyOfRange(id, Math.max(0, id.length - 16), Math.max(16, id.length));
        String label = identity.unitSerialNumber().strip();
        return new RdacVolume(lun.getAsInt(), unique, label.length() <= 30 ? label : label.substring(0, 30));
    }

    /** SPC-4 §7.8.14 table 527; the RDAC pages sort after B2h. */
    private static byte[] supportedVpdPages(boolean withRdacPages) {
        int count = PAGES.length + (withRdacPages ? RdacVpdPages.PAGE_CODES.length : 0);
        byte[] page = vpdHeader(SUPPORTED_VPD_PAGES, count);
        for (int i = 0; i < PAGES.length; i++) {
            page[4 + i] = (byte) PAGES[i];
        }
        if (withRdacPages) {
            for (int i = 0; i < RdacVpdPages.PAGE_CODES.length; i++) {
                page[4 + PAGES.length + i] = (byte) RdacVpdPages.PAGE_CODES[i];
            }
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

    /**
     * SPC-4 §7.8.6 table 458: the identification descriptors one after another; on an ALUA target, those of the
     * receiving target port follow IET's (scsi_dh_alua needs the relative target port and target port group).
     */
    private byte[] deviceIdentification(ItNexus nexus) {
        ByteArrayOutputStream descriptors = new ByteArrayOutputStream();
        identity.designators().forEach(d -> descriptors.writeBytes(d.encode()));
        AsymmetricAccess a = access.get();
        if (a.alua()) {
            descriptors.writeBytes(TargetPortDesignators.forTargetPort(a.targetName(), nexus.targetPortGroup(),
                    nexus.relativeTargetPortId(), a.groupOf(nexus)));
        }
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
