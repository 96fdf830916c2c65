package io.jiet.scsi.disk;

import io.jiet.alua.ReportTargetPortGroups;
import io.jiet.alua.SenseCode;
import io.jiet.alua.SetTargetPortGroupsOutcome;
import io.jiet.alua.TargetPortGroups;
import io.jiet.scsi.AsymmetricAccess;
import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.SenseKey;
import io.jiet.scsi.SupportedCommand;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * REPORT TARGET PORT GROUPS (MAINTENANCE IN, service action 0Ah, SPC-4 §6.37) and SET TARGET PORT GROUPS
 * (MAINTENANCE OUT, service action 0Ah, SPC-4 §6.44) of an ALUA logical unit: both defer to the target's
 * {@link TargetPortGroups}. Only in the command table of a logical unit whose target has ALUA on. Immutable.
 */
final class TargetPortGroupCommands {

    static final int MAINTENANCE_OUT = 0xA4;
    static final int SERVICE_ACTION = 0x0A;

    private final Supplier<AsymmetricAccess> access;

    TargetPortGroupCommands(Supplier<AsymmetricAccess> access) {
        this.access = access;
    }

    /**
     * CDB usage data: RTPG has PARAMETER DATA FORMAT (byte 1 bits 7-5) and a 4-byte ALLOCATION LENGTH; STPG a
     * 4-byte PARAMETER LIST LENGTH. RTPG is allowed under any reservation (SPC-4 table 60); STPG as a write.
     */
    List<SupportedCommand> commands() {
        return List.of(
                SupportedCommand.ofServiceAction(SERVICE_ACTION, this::report, OperationCode.MAINTENANCE_IN,
                        0xE0 | SERVICE_ACTION, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x00)
                        .withAccess(ReservationAccess.UNRESTRICTED),
                SupportedCommand.ofServiceAction(SERVICE_ACTION, this::set, MAINTENANCE_OUT,
                        SERVICE_ACTION, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x00));
    }

    private TargetPortGroups groups() throws CheckCondition {
        return access.get().groups().filter(g -> access.get().alua())
                .orElseThrow(() -> new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 4)));
    }

    private ScsiResult report(ScsiRequest request, Cdb cdb) throws CheckCondition {
        TargetPortGroups groups = groups();
        byte[] raw = cdbBytes(cdb);
        ReportTargetPortGroups.Format format = ReportTargetPortGroups.Format.fromCdb(raw)
                .orElseThrow(() -> new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(1, 7)));
        long allocation = ReportTargetPortGroups.allocationLength(raw);
        return ScsiResult.good(groups.reportTargetPortGroups(format), (int) Math.min(Integer.MAX_VALUE, allocation));
    }

    private ScsiResult set(ScsiRequest request, Cdb cdb) throws CheckCondition {
        TargetPortGroups groups = groups();
        long listLength = cdb.u32(6);
        ByteBuffer dataOut = request.dataOutView();
        if (dataOut.remaining() < listLength) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        byte[] list = new byte[(int) listLength];
        dataOut.get(list);
        SetTargetPortGroupsOutcome outcome = groups.setTargetPortGroups(list,
                AsymmetricAccess.nexusKey(request.nexus()));
        return switch (outcome) {
            case SetTargetPortGroupsOutcome.Applied applied -> ScsiResult.goodWithoutData((int) listLength);
            case SetTargetPortGroupsOutcome.Refused refused -> {
                Sense sense = sense(refused.sense());
                if (refused.field().isPresent()) {
                    sense = sense.inParameterList(refused.field().get().byteOffset(), refused.field().get().bit());
                }
                throw new CheckCondition(sense);
            }
        };
    }

    /** The sense of an alua-tpg {@link SenseCode}. */
    static Sense sense(SenseCode code) {
        SenseKey key = switch (code.senseKey()) {
            case SenseCode.NOT_READY_KEY -> SenseKey.NOT_READY;
            case SenseCode.ILLEGAL_REQUEST_KEY -> SenseKey.ILLEGAL_REQUEST;
            case SenseCode.UNIT_ATTENTION_KEY -> SenseKey.UNIT_ATTENTION;
            default -> throw new IllegalArgumentException("unexpected sense key in " + code);
        };
        return Sense.of(key, code.asc(), code.ascq());
    }

    static Optional<Sense> sense(Optional<SenseCode> code) {
        return code.map(TargetPortGroupCommands::sense);
    }

    private static byte[] cdbBytes(Cdb cdb) {
        byte[] raw = new byte[cdb.length()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) cdb.u8(i);
        }
        return raw;
    }
}
