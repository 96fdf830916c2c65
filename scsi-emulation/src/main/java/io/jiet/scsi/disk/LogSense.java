package io.jiet.scsi.disk;

import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.SupportedCommand;
import java.util.List;

/**
 * LOG SENSE (SPC-4 §6.6) with the Supported Log Pages page (00h), its subpage list form (00h/FFh) and the
 * Informational Exceptions page (2Fh, SPC-4 §7.3.8) reporting no exception. Nothing is logged, so every page
 * control value returns the same data and no log parameter can be saved (SP 1 is refused). Allowed whatever is
 * reserved. Stateless.
 */
final class LogSense {

    private static final int SUPPORTED_PAGES = 0x00;
    private static final int INFORMATIONAL_EXCEPTIONS = 0x2F;
    private static final int ALL_SUBPAGES = 0xFF;

    List<SupportedCommand> commands() {
        return List.of(SupportedCommand.of(LogSense::execute, OperationCode.LOG_SENSE, 0x01, 0xFF, 0xFF, 0, 0xFF,
                0xFF, 0xFF, 0xFF, 0x00).withAccess(ReservationAccess.UNRESTRICTED));
    }

    private static ScsiResult execute(ScsiRequest request, Cdb cdb) throws CheckCondition {
        if (cdb.bit(1, 0)) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 0));
        }
        int page = cdb.field(2, 0x3F);
        int subpage = cdb.u8(3);
        byte[] data;
        if (page == SUPPORTED_PAGES && subpage == 0) {
            data = page(SUPPORTED_PAGES, 0, new byte[] {SUPPORTED_PAGES, INFORMATIONAL_EXCEPTIONS});
        } else if (page == SUPPORTED_PAGES && subpage == ALL_SUBPAGES) {
            // SPC-4 §7.3.18: page code / subpage code pairs, the list itself included.
            data = page(SUPPORTED_PAGES, ALL_SUBPAGES, new byte[] {SUPPORTED_PAGES, 0, SUPPORTED_PAGES,
                (byte) ALL_SUBPAGES, INFORMATIONAL_EXCEPTIONS, 0});
        } else if (page == INFORMATIONAL_EXCEPTIONS && subpage == 0) {
            // Parameter 0000h: DU 0, TSD 0, FORMAT AND LINKING 11b; ASC/ASCQ 00/00, MOST RECENT TEMPERATURE FFh.
            data = page(INFORMATIONAL_EXCEPTIONS, 0, new byte[] {0, 0, 0x03, 0x04, 0, 0, (byte) 0xFF, 0});
        } else {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(subpage == 0 ? 2 : 3));
        }
        return ScsiResult.good(data, cdb.u16(7));
    }

    /** SPC-4 table 340: PAGE CODE (SPF when a subpage), SUBPAGE CODE, PAGE LENGTH, parameters. */
    private static byte[] page(int code, int subpage, byte[] parameters) {
        byte[] b = new byte[4 + parameters.length];
        b[0] = (byte) (code | (subpage != 0 ? 0x40 : 0));
        b[1] = (byte) subpage;
        b[2] = (byte) (parameters.length >>> 8);
        b[3] = (byte) parameters.length;
        System.arraycopy(parameters, 0, b, 4, parameters.length);
        return b;
    }
}
