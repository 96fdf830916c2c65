package io.jiet.scsi.disk;

import io.jiet.backstore.BlockStore;
import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.ItNexus;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.SupportedCommand;
import io.jiet.scsi.UnitAttentions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * MODE SENSE (6)/(10) and MODE SELECT (6)/(10), SPC-4 §6.9-§6.12, with the mode pages Caching (08h, SBC-3
 * §6.5.5), Control (0Ah, SPC-4 §7.5.7) and Informational Exceptions Control (1Ch, SPC-4 §7.5.12). Changeable:
 * the Caching page's WCE (switches the store between write-back and write-through, where the store allows it) and
 * the Control page's D_SENSE (descriptor-format sense), SWP (software write protect) and TAS (TASK ABORTED status
 * for tasks another I_T nexus aborts). Nothing is savable (PS 0): saved values and SP 1 are refused with SAVING
 * PARAMETERS NOT SUPPORTED, and resets restore the defaults (SAM-5 §6.3: the configured caching mode, the other
 * bits 0). A change made by one I_T nexus raises MODE PARAMETERS CHANGED for the others (SPC-4 §7.5.1).
 * <p>
 * Threading: the pages are shared by all I_T nexuses; each bit is a volatile field (SWP lives in {@link Medium},
 * WCE in the store) and MODE SELECT applies a checked list under this object's monitor.
 */
final class ModeParameters {

    /** PC field, SPC-4 table 156. */
    private static final int CURRENT = 0b00;
    private static final int CHANGEABLE = 0b01;
    private static final int SAVED = 0b11;

    private static final int CACHING = 0x08;
    private static final int CONTROL = 0x0A;
    private static final int INFORMATIONAL_EXCEPTIONS_CONTROL = 0x1C;
    private static final int ALL_PAGES = 0x3F;
    /** Ascending, the order "return all pages" uses. */
    private static final int[] PAGES = {CACHING, CONTROL, INFORMATIONAL_EXCEPTIONS_CONTROL};
    private static final int ALL_SUBPAGES = 0xFF;

    /** Control page byte 2, byte 4 and byte 5 bits. */
    private static final int D_SENSE = 0x04;
    private static final int SWP = 0x08;
    private static final int TAS = 0x40;
    /** Caching page byte 2. */
    private static final int WCE = 0x04;
    /** Device-specific parameter of a direct-access device, SBC-3 §6.5.1 table 182. */
    private static final int WP = 0x80;
    private static final int DPOFUA = 0x10;

    private static final int SHORT_BLOCK_DESCRIPTOR = 8;
    private static final int LONG_BLOCK_DESCRIPTOR = 16;

    private final Medium medium;
    private final BlockStore store;
    private final UnitAttentions unitAttentions;
    private final boolean defaultWriteCache;
    private volatile boolean descriptorSense;
    private volatile boolean taskAbortedStatus;

    ModeParameters(Medium medium, UnitAttentions unitAttentions) {
        this.medium = medium;
        this.store = medium.store();
        this.unitAttentions = unitAttentions;
        this.defaultWriteCache = store.writeCacheEnabled();
    }

    List<SupportedCommand> commands() {
        return List.of(
                SupportedCommand.of(this::modeSelect6, OperationCode.MODE_SELECT_6, 0x10, 0, 0, 0xFF, 0x00),
                SupportedCommand.of(this::modeSense6, OperationCode.MODE_SENSE_6, 0x08, 0xFF, 0xFF, 0xFF, 0x00)
                        .withAccess(ReservationAccess.READ),
                SupportedCommand.of(this::modeSelect10, OperationCode.MODE_SELECT_10, 0x10, 0, 0, 0, 0, 0,
                        0xFF, 0xFF, 0x00),
                SupportedCommand.of(this::modeSense10, OperationCode.MODE_SENSE_10, 0x18, 0xFF, 0xFF, 0, 0, 0,
                        0xFF, 0xFF, 0x00).withAccess(ReservationAccess.READ));
    }

    /** The Control page's D_SENSE: sense data is descriptor format. */
    boolean descriptorSense() {
        return descriptorSense;
    }

    /** The Control page's TAS. */
    boolean taskAbortedStatus() {
        return taskAbortedStatus;
    }

    /** Back to the defaults, as after power on or a reset (nothing is savable). */
    synchronized void restoreDefaults() {
        descriptorSense = false;
        taskAbortedStatus = false;
        medium.setSoftwareWriteProtect(false);
        if (store.writeCacheChangeable() && store.writeCacheEnabled() != defaultWriteCache) {
            try {
                store.setWriteCacheEnabled(defaultWriteCache);
            } catch (IOException e) {
                System.getLogger(ModeParameters.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot restore the write cache mode of " + store.describe(), e);
            }
        }
    }

    /** SPC-4 table 453: mode parameter header (6), block descriptor unless DBD, pages. */
    private ScsiResult modeSense6(ScsiRequest request, Cdb cdb) throws CheckCondition {
        byte[] pages = pages(cdb.field(2, 0xC0), cdb.field(2, 0x3F), cdb.u8(3));
        byte[] descriptor = cdb.bit(1, 3) ? new byte[0] : shortBlockDescriptor();
        ByteBuffer data = ByteBuffer.allocate(4 + descriptor.length + pages.length);
        data.put((byte) (data.capacity() - 1));
        data.put((byte) 0);
        data.put((byte) deviceSpecificParameter());
        data.put((byte) descriptor.length);
        data.put(descriptor).put(pages);
        return ScsiResult.good(data.array(), cdb.u8(4));
    }

    /** SPC-4 table 454: mode parameter header (10); LLBAA asks for the 16-byte descriptor (LONGLBA). */
    private ScsiResult modeSense10(ScsiRequest request, Cdb cdb) throws CheckCondition {
        byte[] pages = pages(cdb.field(2, 0xC0), cdb.field(2, 0x3F), cdb.u8(3));
        boolean longLba = cdb.bit(1, 4);
        byte[] descriptor = cdb.bit(1, 3) ? new byte[0] : longLba ? longBlockDescriptor() : shortBlockDescriptor();
        ByteBuffer data = ByteBuffer.allocate(8 + descriptor.length + pages.length);
        data.putShort((short) (data.capacity() - 2));
        data.put((byte) 0);
        data.put((byte) deviceSpecificParameter());
        data.put((byte) (longLba && descriptor.length > 0 ? 1 : 0));
        data.put((byte) 0);
        data.putShort((short) descriptor.length);
        data.put(descriptor).put(pages);
        return ScsiResult.good(data.array(), cdb.u16(7));
    }

    private byte[] pages(int pageControl, int pageCode, int subpageCode) throws CheckCondition {
        if (pageControl == SAVED) {
            throw new CheckCondition(Sense.SAVING_PARAMETERS_NOT_SUPPORTED.inCdb(2, 7));
        }
        // No page has subpages: subpage 00h is the page, FFh "all subpages" is the page alone.
        if (subpageCode != 0 && subpageCode != ALL_SUBPAGES) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(3));
        }
        if (pageCode == ALL_PAGES) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int code : PAGES) {
                all.writeBytes(page(code, pageControl));
            }
            return all.toByteArray();
        }
        byte[] page = page(pageCode, pageControl);
        if (page == null) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(2, 5));
        }
        return page;
    }

    /** One page for PC current (00b), changeable (01b, a mask) or default (10b), or null if not supported. */
    private byte[] page(int pageCode, int pageControl) {
        return switch (pageCode) {
            case CACHING -> caching(pageControl);
            case CONTROL -> control(pageControl);
            case INFORMATIONAL_EXCEPTIONS_CONTROL -> informationalExceptionsControl(pageControl);
            default -> null;
        };
    }

    /**
     * SBC-3 table 187: WCE (byte 2 bit 2) when writes may sit in a volatile cache, changeable where the store can
     * switch; its default is the configured IOMode. RCD 0, read cache in use.
     */
    private byte[] caching(int pageControl) {
        byte[] p = pageHeader(CACHING, 0x12);
        boolean on = switch (pageControl) {
            case CHANGEABLE -> store.writeCacheChangeable();
            case CURRENT -> store.writeCacheEnabled();
            default -> defaultWriteCache;
        };
        if (on) {
            p[2] = WCE;
        }
        return p;
    }

    /**
     * SPC-4 table 458: GLTSD 1 (no log parameters are saved), D_SENSE as set, QUEUE ALGORITHM MODIFIER 1
     * (commands may be reordered: they run concurrently), SWP and TAS as set, BUSY TIMEOUT PERIOD FFFFh
     * (unlimited).
     */
    private byte[] control(int pageControl) {
        byte[] p = pageHeader(CONTROL, 0x0A);
        if (pageControl == CHANGEABLE) {
            p[2] = D_SENSE;
            p[4] = SWP;
            p[5] = TAS;
            return p;
        }
        p[2] = 0x02;
        p[3] = 0x10;
        if (pageControl == CURRENT) {
            p[2] |= (byte) (descriptorSense ? D_SENSE : 0);
            p[4] = (byte) (medium.softwareWriteProtect() ? SWP : 0);
            p[5] = (byte) (taskAbortedStatus ? TAS : 0);
        }
        p[8] = (byte) 0xFF;
        p[9] = (byte) 0xFF;
        return p;
    }

    /** SPC-4 table 463: DEXCPT 1, informational exception reporting is disabled (there is none to report). */
    private static byte[] informationalExceptionsControl(int pageControl) {
        byte[] p = pageHeader(INFORMATIONAL_EXCEPTIONS_CONTROL, 0x0A);
        if (pageControl != CHANGEABLE) {
            p[2] = 0x08;
        }
        return p;
    }

    private static byte[] pageHeader(int pageCode, int pageLength) {
        byte[] p = new byte[2 + pageLength];
        p[0] = (byte) pageCode;
        p[1] = (byte) pageLength;
        return p;
    }

    private int deviceSpecificParameter() {
        return (medium.writeProtected() ? WP : 0) | DPOFUA;
    }

    /** SBC-3 table 184: NUMBER OF LOGICAL BLOCKS (FFFFFFFFh when it does not fit) and LOGICAL BLOCK LENGTH. */
    private byte[] shortBlockDescriptor() {
        ByteBuffer d = ByteBuffer.allocate(SHORT_BLOCK_DESCRIPTOR);
        d.putInt(shortBlockCount());
        d.putInt(medium.geometry().blockSize() & 0x00FF_FFFF);
        return d.array();
    }

    /** SBC-3 table 185. */
    private byte[] longBlockDescriptor() {
        BlockGeometry geometry = medium.geometry();
        ByteBuffer d = ByteBuffer.allocate(LONG_BLOCK_DESCRIPTOR);
        d.putLong(geometry.blockCount());
        d.putInt(0);
        d.putInt(geometry.blockSize());
        return d.array();
    }

    private int shortBlockCount() {
        long count = medium.geometry().blockCount();
        return count > 0xFFFF_FFFFL ? -1 : (int) count;
    }

    private ScsiResult modeSelect6(ScsiRequest request, Cdb cdb) throws CheckCondition {
        return modeSelect(request, cdb, cdb.u8(4), 4);
    }

    private ScsiResult modeSelect10(ScsiRequest request, Cdb cdb) throws CheckCondition {
        return modeSelect(request, cdb, cdb.u16(7), 8);
    }

    /**
     * SPC-4 §6.9: PF must be 1 (pages in the standard's format), SP 0 (nothing can be saved). Every page must have
     * our length and may differ from the current values only in changeable bits; the list is checked completely
     * before anything changes. Medium type, the device-specific parameter and the PS bits are ignored, as SPC-4
     * and SBC-3 allow for MODE SELECT.
     */
    private synchronized ScsiResult modeSelect(ScsiRequest request, Cdb cdb, int listLength, int headerLength)
            throws CheckCondition {
        if (!cdb.bit(1, 4)) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 4));
        }
        if (cdb.bit(1, 0)) {
            throw new CheckCondition(Sense.SAVING_PARAMETERS_NOT_SUPPORTED.inCdb(1, 0));
        }
        if (listLength == 0) {
            return ScsiResult.good();
        }
        ByteBuffer dataOut = request.dataOutView();
        if (dataOut.remaining() < listLength || listLength < headerLength) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        byte[] list = new byte[listLength];
        dataOut.get(list);

        int descriptorLength = headerLength == 4 ? list[3] & 0xFF : (list[6] & 0xFF) << 8 | list[7] & 0xFF;
        int pos = headerLength;
        if (descriptorLength != 0) {
            boolean longLba = headerLength == 8 && (list[4] & 0x01) != 0;
            int expected = longLba ? LONG_BLOCK_DESCRIPTOR : SHORT_BLOCK_DESCRIPTOR;
            if (descriptorLength != expected) {
                throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(headerLength - 2));
            }
            if (headerLength + descriptorLength > listLength) {
                throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
            }
            checkBlockDescriptor(list, pos, longLba);
            pos += descriptorLength;
        }

        byte[] newCaching = null;
        byte[] newControl = null;
        while (pos < listLength) {
            if (listLength - pos < 2) {
                throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
            }
            if ((list[pos] & 0x40) != 0) {
                throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(pos, 6));
            }
            int pageCode = list[pos] & 0x3F;
            byte[] current = page(pageCode, CURRENT);
            if (current == null) {
                throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(pos, 5));
            }
            if (list[pos + 1] != current[1]) {
                throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(pos + 1));
            }
            if (pos + current.length > listLength) {
                throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
            }
            byte[] changeable = page(pageCode, CHANGEABLE);
            for (int i = 2; i < current.length; i++) {
                int refused = (list[pos + i] ^ current[i]) & ~changeable[i] & 0xFF;
                if (refused != 0) {
                    throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(pos + i,
                            31 - Integer.numberOfLeadingZeros(refused)));
                }
            }
            byte[] page = java.util.Arrays.copyOfRange(list, pos, pos + current.length);
            if (pageCode == CONTROL) {
                newControl = page;
            } else if (pageCode == CACHING) {
                newCaching = page;
            }
            pos += current.length;
        }
        if (apply(newCaching, newControl)) {
            unitAttentions.establishForOthers(request.nexus(), Sense.MODE_PARAMETERS_CHANGED);
        }
        return ScsiResult.goodWithoutData(listLength);
    }

    /** Applies checked pages; returns whether any current value changed. */
    private boolean apply(byte[] caching, byte[] control) throws CheckCondition {
        boolean changed = false;
        if (control != null) {
            boolean dSense = (control[2] & D_SENSE) != 0;
            boolean swp = (control[4] & SWP) != 0;
            boolean tas = (control[5] & TAS) != 0;
            changed = dSense != descriptorSense || swp != medium.softwareWriteProtect() || tas != taskAbortedStatus;
            descriptorSense = dSense;
            medium.setSoftwareWriteProtect(swp);
            taskAbortedStatus = tas;
        }
        if (caching != null) {
            boolean wce = (caching[2] & WCE) != 0;
            if (wce != store.writeCacheEnabled()) {
                try {
                    store.setWriteCacheEnabled(wce);
                } catch (IOException e) {
                    throw new CheckCondition(Sense.WRITE_ERROR);
                }
                changed = true;
            }
        }
        return changed;
    }

    /** The block length cannot change; NUMBER OF LOGICAL BLOCKS may be 0 (no change) or the current value. */
    private void checkBlockDescriptor(byte[] list, int at, boolean longLba) throws CheckCondition {
        ByteBuffer d = ByteBuffer.wrap(list, at, longLba ? LONG_BLOCK_DESCRIPTOR : SHORT_BLOCK_DESCRIPTOR);
        long blocks = longLba ? d.getLong() : d.getInt() & 0xFFFF_FFFFL;
        long reported = longLba ? medium.geometry().blockCount() : shortBlockCount() & 0xFFFF_FFFFL;
        if (blocks != 0 && blocks != reported) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(at));
        }
        int blockLength = longLba ? d.getInt(at + 12) : d.getInt(at + 4) & 0x00FF_FFFF;
        if (blockLength != medium.geometry().blockSize()) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST
                    .inParameterList(at + (longLba ? 12 : 5)));
        }
    }
}
