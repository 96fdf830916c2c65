package io.jiet.scsi;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One entry of a device server's command table: an operation code, its service action when it has them, the CDB
 * USAGE DATA that REPORT SUPPORTED OPERATION CODES returns (SPC-4 §6.35.3: byte 0 is the operation code, the
 * service action field holds the service action, every other bit is 1 exactly where the device server honours a
 * non-zero value), the handler, and how reservations restrict the command ({@link ReservationAccess}; by default
 * as a write, the safe side). The CDB length is the usage data's length.
 */
public record SupportedCommand(int operationCode, OptionalInt serviceAction, byte[] cdbUsageData,
                               CommandHandler handler, AccessRule accessRule) {

    /** The reservation access of one CDB; most commands have a fixed one, a few depend on CDB fields. */
    @FunctionalInterface
    public interface AccessRule {
        ReservationAccess of(Cdb cdb);
    }

    public SupportedCommand {
        Objects.requireNonNull(serviceAction, "serviceAction");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(accessRule, "accessRule");
        cdbUsageData = cdbUsageData.clone();
        if (cdbUsageData.length < 6 || (cdbUsageData[0] & 0xFF) != operationCode) {
            throw new IllegalArgumentException("usage data must start with the operation code");
        }
        if (serviceAction.isPresent() && (cdbUsageData[1] & 0x1F) != serviceAction.getAsInt()) {
            throw new IllegalArgumentException("usage data must carry the service action in byte 1");
        }
    }

    /** Builds an entry from usage data written as unsigned byte values. */
    public static SupportedCommand of(CommandHandler handler, int... usage) {
        return new SupportedCommand(usage[0], OptionalInt.empty(), bytes(usage), handler,
                cdb -> ReservationAccess.WRITE);
    }

    /** An entry for a service action, e.g. READ CAPACITY (16) under SERVICE ACTION IN (16). */
    public static SupportedCommand ofServiceAction(int serviceAction, CommandHandler handler, int... usage) {
        return new SupportedCommand(usage[0], OptionalInt.of(serviceAction), bytes(usage), handler,
                cdb -> ReservationAccess.WRITE);
    }

    /** This entry with a fixed reservation access. */
    public SupportedCommand withAccess(ReservationAccess access) {
        Objects.requireNonNull(access, "access");
        return withAccess(cdb -> access);
    }

    /** This entry with a reservation access that depends on the CDB (e.g. START STOP UNIT's START bit). */
    public SupportedCommand withAccess(AccessRule rule) {
        return new SupportedCommand(operationCode, serviceAction, cdbUsageData, handler, rule);
    }

    @Override
    public byte[] cdbUsageData() {
        return cdbUsageData.clone();
    }

    public int cdbLength() {
        return cdbUsageData.length;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
