package io.jiet.scsi;

import java.util.List;

/**
 * PERSISTENT RESERVE IN (SPC-4 §6.13) for a logical unit without persistent reservations: READ KEYS and READ
 * RESERVATION report generation 0 and no entries, which is the truth while PERSISTENT RESERVE OUT is not
 * supported (no key can ever be registered). Initiators such as libiscsi's test tool read the keys before they
 * start, and a missing command would read as "not implemented". Stateless.
 */
public final class PersistentReserveIn {

    private static final int READ_KEYS = 0x00;
    private static final int READ_RESERVATION = 0x01;

    private PersistentReserveIn() {
    }

    public static List<SupportedCommand> commands() {
        CommandHandler handler = PersistentReserveIn::execute;
        return List.of(
                SupportedCommand.ofServiceAction(READ_KEYS, handler,
                        OperationCode.PERSISTENT_RESERVE_IN, READ_KEYS, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0x00),
                SupportedCommand.ofServiceAction(READ_RESERVATION, handler,
                        OperationCode.PERSISTENT_RESERVE_IN, READ_RESERVATION, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0x00));
    }

    /** Both service actions begin with PRGENERATION and ADDITIONAL LENGTH (SPC-4 tables 165 and 167). */
    private static ScsiResult execute(ScsiRequest request, Cdb cdb) {
        return ScsiResult.good(new byte[8], cdb.u16(7));
    }
}
