package io.jiet.scsi;

import java.util.Collection;
import java.util.List;

/**
 * REPORT LUNS (SPC-4 §6.33). It describes the target, not one logical unit, so {@link ScsiTargetDevice} answers it
 * for whatever LUN the command was sent to, including a LUN with no logical unit behind it. Stateless.
 */
public final class ReportLuns {

    private static final int CDB_LENGTH = 12;
    private static final int[] USAGE = {OperationCode.REPORT_LUNS, 0x00, 0xFF, 0x00, 0x00, 0x00,
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00};

    private ReportLuns() {
    }

    /**
     * The table entry a logical unit lists so that REPORT SUPPORTED OPERATION CODES shows REPORT LUNS. It is only
     * reached by a logical unit used without a {@link ScsiTargetDevice}, which cannot know the other LUNs.
     */
    public static SupportedCommand answeredByTargetDevice() {
        return SupportedCommand.of((request, cdb) -> {
            throw new CheckCondition(Sense.INVALID_COMMAND_OPERATION_CODE);
        }, USAGE);
    }

    /** Lists {@code luns} (ascending, as SPC-4 recommends) per the CDB's SELECT REPORT and ALLOCATION LENGTH. */
    public static ScsiResult execute(Cdb cdb, Collection<Integer> luns) throws CheckCondition {
        if (cdb.length() < CDB_LENGTH) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(0));
        }
        if (cdb.bit(CDB_LENGTH - 1, 2)) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(CDB_LENGTH - 1, 2));
        }
        // SELECT REPORT (SPC-4 table 284): 00h logical units, 01h well-known logical units, 02h both.
        List<Integer> listed = switch (cdb.u8(2)) {
            case 0x00, 0x02 -> luns.stream().sorted().toList();
            case 0x01 -> List.of();
            default -> throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(2));
        };
        byte[] data = new byte[8 + 8 * listed.size()];
        int listLength = 8 * listed.size();
        data[0] = (byte) (listLength >>> 24);
        data[1] = (byte) (listLength >>> 16);
        data[2] = (byte) (listLength >>> 8);
        data[3] = (byte) listLength;
        int at = 8;
        for (int lun : listed) {
            long field = LogicalUnitNumber.encode(lun);
            for (int i = 0; i < 8; i++) {
                data[at + i] = (byte) (field >>> (56 - 8 * i));
            }
            at += 8;
        }
        return ScsiResult.good(data, (int) Math.min(Integer.MAX_VALUE, cdb.u32(6)));
    }
}
