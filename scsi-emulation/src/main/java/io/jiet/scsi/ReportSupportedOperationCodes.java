package io.jiet.scsi;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * REPORT SUPPORTED OPERATION CODES (SPC-4 §6.35), answered from a {@link CommandTable}, so what it reports is what
 * the table dispatches. Reporting options 000b (all commands), 001b (by operation code), 010b (by operation code
 * and service action) and 011b (either); RCTD adds command timeouts descriptors with no timeouts specified.
 * Immutable.
 */
public final class ReportSupportedOperationCodes implements CommandHandler {

    /** SUPPORT field values, SPC-4 table 396. */
    private static final int NOT_SUPPORTED = 0b001;
    private static final int SUPPORTED = 0b011;
    /** A command timeouts descriptor is 12 bytes; its DESCRIPTOR LENGTH counts the 10 after the length. */
    private static final int TIMEOUTS_DESCRIPTOR_LENGTH = 12;

    private final Supplier<CommandTable> table;

    /** The supplier lets the table contain this handler: it is read at execution, after the table is built. */
    public ReportSupportedOperationCodes(Supplier<CommandTable> table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    public SupportedCommand command() {
        return SupportedCommand.ofServiceAction(OperationCode.REPORT_SUPPORTED_OPERATION_CODES_SERVICE_ACTION, this,
                OperationCode.MAINTENANCE_IN, 0x0C, 0x87, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00);
    }

    @Override
    public ScsiResult execute(ScsiRequest request, Cdb cdb) throws CheckCondition {
        boolean timeouts = cdb.bit(2, 7);
        int options = cdb.field(2, 0x07);
        int allocationLength = (int) Math.min(Integer.MAX_VALUE, cdb.u32(6));
        byte[] data = switch (options) {
            case 0b000 -> allCommands(table.get().commands(), timeouts);
            case 0b001, 0b010, 0b011 -> oneCommand(lookup(options, cdb.u8(3), cdb.u16(4)), timeouts);
            default -> throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(2, 2));
        };
        return ScsiResult.good(data, allocationLength);
    }

    private Optional<SupportedCommand> lookup(int options, int operationCode, int serviceAction)
            throws CheckCondition {
        CommandTable commands = table.get();
        boolean hasServiceActions = commands.hasServiceActions(operationCode);
        // 001b names an operation without service actions, 010b one with them; asking the other way is an error.
        if (options == 0b001 && hasServiceActions
                || options == 0b010 && !hasServiceActions && commands.find(operationCode).isPresent()) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(3));
        }
        return hasServiceActions ? commands.find(operationCode, serviceAction) : commands.find(operationCode);
    }

    /** SPC-4 table 393 and 394: header, then an 8-byte command descriptor (+ timeouts) per command. */
    private static byte[] allCommands(List<SupportedCommand> commands, boolean timeouts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[4]);
        for (SupportedCommand c : commands) {
            int serviceAction = c.serviceAction().orElse(0);
            int flags = (timeouts ? 0x02 : 0) | (c.serviceAction().isPresent() ? 0x01 : 0); // CTDP, SERVACTV
            out.writeBytes(new byte[] {(byte) c.operationCode(), 0, (byte) (serviceAction >>> 8),
                    (byte) serviceAction, 0, (byte) flags, (byte) (c.cdbLength() >>> 8), (byte) c.cdbLength()});
            if (timeouts) {
                out.writeBytes(timeoutsDescriptor());
            }
        }
        byte[] data = out.toByteArray();
        putInt(data, 0, data.length - 4);
        return data;
    }

    /** SPC-4 table 395: one_command parameter data. */
    private static byte[] oneCommand(Optional<SupportedCommand> command, boolean timeouts) {
        if (command.isEmpty()) {
            return new byte[] {0, NOT_SUPPORTED, 0, 0};
        }
        byte[] usage = command.get().cdbUsageData();
        byte[] data = new byte[4 + usage.length + (timeouts ? TIMEOUTS_DESCRIPTOR_LENGTH : 0)];
        data[1] = (byte) ((timeouts ? 0x80 : 0) | SUPPORTED);
        data[2] = (byte) (usage.length >>> 8);
        data[3] = (byte) usage.length;
        System.arraycopy(usage, 0, data, 4, usage.length);
        if (timeouts) {
            System.arraycopy(timeoutsDescriptor(), 0, data, 4 + usage.length, TIMEOUTS_DESCRIPTOR_LENGTH);
        }
        return data;
    }

    /** SPC-4 table 397; nominal and recommended timeouts of 0 mean "not specified". */
    private static byte[] timeoutsDescriptor() {
        byte[] d = new byte[TIMEOUTS_DESCRIPTOR_LENGTH];
        d[1] = TIMEOUTS_DESCRIPTOR_LENGTH - 2;
        return d;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
