package io.jiet.alua.rdac;

import io.jiet.alua.FieldPointer;
import io.jiet.alua.SenseCode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * The LSI/Engenio redundant controller mode page 2Ch in the two shapes Linux scsi_dh_rdac (rdac_failover_get)
 * sends to move ownership: the legacy page 2Ch (page length 68h, 32-entry LUN table) with MODE SELECT(6), and the
 * expanded page 2Ch subpage 01h (SPF set, so byte 0 is 6Ch; page length 0128h, 256-entry LUN table) with MODE
 * SELECT(10). After the page header: controller serial (16 bytes), alternate controller serial (16), RDAC mode (2),
 * alternate RDAC mode (2), quiescence timeout (1), RDAC options (1), then the LUN table. A LUN-table entry 81h asks
 * for that LUN to be owned by the controller that received the command. Stateless.
 *
 * <p>No host reads the page with MODE SENSE; jiet returns it with the controller serials and a LUN table in which
 * 81h marks the LUNs the receiving controller owns (00h the others).
 */
public final class RedundantControllerPage {

    public static final int PAGE_CODE = 0x2C;
    public static final int EXPANDED_SUBPAGE = 0x01;
    static final int LEGACY_PAGE_LENGTH = 0x68;
    static final int EXPANDED_PAGE_LENGTH = 0x0128;
    static final int COMMON_LENGTH = 38;
    static final int LEGACY_LUNS = 32;
    static final int EXPANDED_LUNS = 256;
    /** LUN-table value: owned by (MODE SENSE) / move to (MODE SELECT) the receiving controller. */
    public static final int OWNED_HERE = 0x81;

    /** Which of the two shapes. */
    public enum Shape {
        /** Page 2Ch, MODE SENSE/SELECT(6). */
        LEGACY,
        /** Page 2Ch subpage 01h, MODE SENSE/SELECT(10). */
        EXPANDED
    }

    /** What a MODE SELECT parameter list asked for. */
    public sealed interface Selection {
        /** Move these LUNs to the receiving controller (possibly none). */
        record Transfer(SortedSet<Integer> luns) implements Selection {
            public Transfer {
                luns = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(luns));
            }
        }

        /** Not page 2Ch: the caller's own mode-page handling applies. */
        record OtherPage() implements Selection {
        }

        /** Terminate with CHECK CONDITION and this sense. */
        record Invalid(SenseCode sense, Optional<FieldPointer> field) implements Selection {
        }
    }

    private RedundantControllerPage() {
    }

    /** The page (without mode parameter header) for MODE SENSE through the controller named {@code serial}. */
    public static byte[] encode(Shape shape, String serial, String alternateSerial, IntPredicate ownedHere) {
        boolean expanded = shape == Shape.EXPANDED;
        int headerLength = expanded ? 4 : 2;
        int luns = expanded ? EXPANDED_LUNS : LEGACY_LUNS;
        byte[] page = new byte[headerLength + (expanded ? EXPANDED_PAGE_LENGTH : LEGACY_PAGE_LENGTH)];
        if (expanded) {
            page[0] = (byte) (0x40 | PAGE_CODE);
            page[1] = EXPANDED_SUBPAGE;
            page[2] = (byte) (EXPANDED_PAGE_LENGTH >> 8);
            page[3] = (byte) EXPANDED_PAGE_LENGTH;
        } else {
            page[0] = PAGE_CODE;
            page[1] = LEGACY_PAGE_LENGTH;
        }
        serial(serial, page, headerLength);
        serial(alternateSerial, page, headerLength + 16);
        int table = headerLength + COMMON_LENGTH;
        for (int lun = 0; lun < luns; lun++) {
            if (ownedHere.test(lun)) {
                page[table + lun] = (byte) OWNED_HERE;
            }
        }
        return page;
    }

    /**
     * Reads a MODE SELECT parameter list: the mode parameter header (4 bytes for MODE SELECT(6), 8 for (10); SPC-4
     * §7.5.5), block descriptors skipped, then the page.
     */
    public static Selection decodeModeSelect(byte[] list, boolean modeSelect10) {
        int headerLength = modeSelect10 ? 8 : 4;
        if (list.length == 0) {
            return new Selection.OtherPage();
        }
        if (list.length < headerLength) {
            return new Selection.Invalid(SenseCode.PARAMETER_LIST_LENGTH_ERROR, Optional.empty());
        }
        int blockDescriptors = modeSelect10 ? ((list[6] & 0xFF) << 8) | (list[7] & 0xFF) : list[3] & 0xFF;
        int at = headerLength + blockDescriptors;
        if (at >= list.length) {
            return at == list.length ? new Selection.OtherPage()
                    : new Selection.Invalid(SenseCode.PARAMETER_LIST_LENGTH_ERROR, Optional.empty());
        }
        if ((list[at] & 0x3F) != PAGE_CODE) {
            return new Selection.OtherPage();
        }
        boolean subpageFormat = (list[at] & 0x40) != 0;
        int pageHeader = subpageFormat ? 4 : 2;
        if (at + pageHeader > list.length) {
            return new Selection.Invalid(SenseCode.PARAMETER_LIST_LENGTH_ERROR, Optional.empty());
        }
        int pageLength;
        int luns;
        if (subpageFormat) {
            if ((list[at + 1] & 0xFF) != EXPANDED_SUBPAGE) {
                return invalid(at + 1, 7);
            }
            pageLength = ((list[at + 2] & 0xFF) << 8) | (list[at + 3] & 0xFF);
            if (pageLength != EXPANDED_PAGE_LENGTH) {
                return invalid(at + 2, 7);
            }
            luns = EXPANDED_LUNS;
        } else {
            pageLength = list[at + 1] & 0xFF;
            if (pageLength != LEGACY_PAGE_LENGTH) {
                return invalid(at + 1, 7);
            }
            luns = LEGACY_LUNS;
        }
        if (at + pageHeader + pageLength > list.length) {
            return new Selection.Invalid(SenseCode.PARAMETER_LIST_LENGTH_ERROR, Optional.empty());
        }
        int table = at + pageHeader + COMMON_LENGTH;
        SortedSet<Integer> moved = new TreeSet<>();
        for (int lun = 0; lun < luns; lun++) {
            if ((list[table + lun] & 0xFF) == OWNED_HERE) {
                moved.add(lun);
            }
        }
        return new Selection.Transfer(moved);
    }

    private static Selection invalid(int offset, int bit) {
        return new Selection.Invalid(SenseCode.INVALID_FIELD_IN_PARAMETER_LIST,
                Optional.of(new FieldPointer(offset, bit)));
    }

    private static void serial(String serial, byte[] page, int at) {
        byte[] b = serial.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 16; i++) {
            page[at + i] = i < b.length ? b[i] : (byte) ' ';
        }
    }
}
