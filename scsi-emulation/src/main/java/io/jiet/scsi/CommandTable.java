package io.jiet.scsi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A device server's opcode → handler table, service actions nested under their operation code (like tgt's 256-entry
 * per-device-type table and LIO's parse step). Dispatch applies the checks every command shares: unknown operation
 * code (INVALID COMMAND OPERATION CODE), unknown service action (INVALID FIELD IN CDB at byte 1), a CDB shorter
 * than the command, and NACA=1 in the CONTROL byte, which jiet does not support (SAM-5 §5.2). Immutable.
 */
public final class CommandTable {

    /** Operations with service actions keep them in byte 1, bits 4-0 (SPC-4 §4.2.2). */
    private static final int SERVICE_ACTION_MASK = 0x1F;

    private final Map<Integer, SupportedCommand> byOperationCode;
    private final Map<Integer, Map<Integer, SupportedCommand>> byServiceAction;
    private final List<SupportedCommand> commands;

    private CommandTable(List<SupportedCommand> entries) {
        Map<Integer, SupportedCommand> plain = new HashMap<>();
        Map<Integer, Map<Integer, SupportedCommand>> nested = new HashMap<>();
        for (SupportedCommand c : entries) {
            boolean clash;
            if (c.serviceAction().isPresent()) {
                clash = plain.containsKey(c.operationCode()) || nested
                        .computeIfAbsent(c.operationCode(), k -> new HashMap<>())
                        .putIfAbsent(c.serviceAction().getAsInt(), c) != null;
            } else {
                clash = nested.containsKey(c.operationCode()) || plain.putIfAbsent(c.operationCode(), c) != null;
            }
            if (clash) {
                throw new IllegalArgumentException(String.format("operation %02Xh registered twice",
                        c.operationCode()));
            }
        }
        nested.replaceAll((k, v) -> Map.copyOf(v));
        this.byOperationCode = Map.copyOf(plain);
        this.byServiceAction = Map.copyOf(nested);
        this.commands = entries.stream()
                .sorted(Comparator.comparingInt(SupportedCommand::operationCode)
                        .thenComparingInt(c -> c.serviceAction().orElse(0)))
                .toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every entry, ordered by operation code then service action. */
    public List<SupportedCommand> commands() {
        return commands;
    }

    public boolean hasServiceActions(int operationCode) {
        return byServiceAction.containsKey(operationCode);
    }

    public Optional<SupportedCommand> find(int operationCode) {
        return Optional.ofNullable(byOperationCode.get(operationCode));
    }

    public Optional<SupportedCommand> find(int operationCode, int serviceAction) {
        return Optional.ofNullable(byServiceAction.getOrDefault(operationCode, Map.of()).get(serviceAction));
    }

    /** Finds the handler for the request's CDB, applies the shared checks and runs it. */
    public ScsiResult dispatch(ScsiRequest request) throws CheckCondition {
        Cdb cdb = cdbOf(request);
        return resolve(cdb).handler().execute(request, cdb);
    }

    /** The request's CDB; a missing one is an invalid operation code. */
    public static Cdb cdbOf(ScsiRequest request) throws CheckCondition {
        byte[] raw = request.cdb();
        if (raw == null || raw.length == 0) {
            throw new CheckCondition(Sense.INVALID_COMMAND_OPERATION_CODE);
        }
        return new Cdb(raw);
    }

    /**
     * The entry that runs {@code cdb}, after the checks every command shares (unknown operation code or service
     * action, short CDB, NACA). Device servers that gate commands (reservations, unit attentions) call this first
     * and the entry's handler after their gates.
     */
    public SupportedCommand resolve(Cdb cdb) throws CheckCondition {
        int operationCode = cdb.operationCode();
        SupportedCommand command = byOperationCode.get(operationCode);
        if (command == null) {
            Map<Integer, SupportedCommand> actions = byServiceAction.get(operationCode);
            if (actions == null) {
                throw new CheckCondition(Sense.INVALID_COMMAND_OPERATION_CODE);
            }
            command = cdb.length() > 1 ? actions.get(cdb.u8(1) & SERVICE_ACTION_MASK) : null;
            if (command == null) {
                throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 4));
            }
        }
        int control = command.cdbLength() - 1;
        if (cdb.length() <= control) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(0));
        }
        if (cdb.bit(control, 2)) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(control, 2));
        }
        return command;
    }

    public static final class Builder {

        private final List<SupportedCommand> entries = new ArrayList<>();

        private Builder() {
        }

        public Builder add(SupportedCommand command) {
            entries.add(command);
            return this;
        }

        public Builder addAll(List<SupportedCommand> commands) {
            entries.addAll(commands);
            return this;
        }

        public CommandTable build() {
            return new CommandTable(List.copyOf(entries));
        }
    }
}
