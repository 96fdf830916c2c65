package io.jiet.scsi.pr;

import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.ItNexus;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.SupportedCommand;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * PERSISTENT RESERVE OUT (SPC-4 §6.15): REGISTER, RESERVE, RELEASE, CLEAR, PREEMPT, PREEMPT AND ABORT, REGISTER
 * AND IGNORE EXISTING KEY and REGISTER AND MOVE, for all six reservation types, with SPEC_I_PT, ALL_TG_PT and
 * APTPL. This class decodes the CDB and parameter list (SPC-4 tables 195, 198 and 202) and leaves the state rules
 * to {@link Reservations}. Immutable.
 */
public final class PersistentReserveOut {

    private static final int REGISTER = 0x00;
    private static final int RESERVE = 0x01;
    private static final int RELEASE = 0x02;
    private static final int CLEAR = 0x03;
    private static final int PREEMPT = 0x04;
    private static final int PREEMPT_AND_ABORT = 0x05;
    private static final int REGISTER_AND_IGNORE_EXISTING_KEY = 0x06;
    private static final int REGISTER_AND_MOVE = 0x07;

    /** The basic parameter list is 24 bytes (SPC-4 §6.15.3). */
    private static final int BASIC_LENGTH = 24;
    private static final int SPEC_I_PT = 0x08;
    private static final int ALL_TG_PT = 0x04;
    private static final int APTPL = 0x01;
    private static final int LU_SCOPE = 0x0;

    /** Aborts the tasks of preempted I_T nexuses (PREEMPT AND ABORT); the logical unit wires it to the transport. */
    public interface Aborter {
        void abortTasks(Predicate<ItNexus> whose);
    }

    private final Reservations reservations;
    private final Aborter aborter;

    public PersistentReserveOut(Reservations reservations, Aborter aborter) {
        this.reservations = reservations;
        this.aborter = aborter;
    }

    public List<SupportedCommand> commands() {
        List<SupportedCommand> list = new ArrayList<>();
        for (int sa = REGISTER; sa <= REGISTER_AND_MOVE; sa++) {
            // SCOPE and TYPE are honoured by RESERVE, RELEASE and the PREEMPTs; the others ignore byte 2.
            int scopeType = sa == RESERVE || sa == RELEASE || sa == PREEMPT || sa == PREEMPT_AND_ABORT ? 0xFF : 0;
            list.add(SupportedCommand.ofServiceAction(sa, this::execute, OperationCode.PERSISTENT_RESERVE_OUT, sa,
                    scopeType, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x00).withAccess(ReservationAccess.UNRESTRICTED));
        }
        return list;
    }

    private ScsiResult execute(ScsiRequest request, Cdb cdb) throws CheckCondition {
        ItNexus nexus = request.nexus();
        int serviceAction = cdb.field(1, 0x1F);
        if (reservations.reservedByOtherNexus(nexus)) {
            return ScsiResult.reservationConflict();
        }
        long listLength = cdb.u32(5);
        byte[] list = parameterList(request, listLength);
        try {
            if (serviceAction == REGISTER_AND_MOVE) {
                registerAndMove(nexus, list);
            } else {
                basic(nexus, serviceAction, cdb, list);
            }
            return ScsiResult.goodWithoutData((int) listLength);
        } catch (ReservationConflict e) {
            return ScsiResult.reservationConflict();
        }
    }

    private void basic(ItNexus nexus, int serviceAction, Cdb cdb, byte[] list)
            throws CheckCondition, ReservationConflict {
        if (list.length < BASIC_LENGTH) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        ByteBuffer b = ByteBuffer.wrap(list);
        long key = b.getLong(0);
        long serviceActionKey = b.getLong(8);
        int flags = list[20] & 0xFF;
        boolean specIPt = (flags & SPEC_I_PT) != 0;
        if (specIPt && serviceAction != REGISTER) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(20, 3));
        }
        List<InitiatorPort> specified = specIPt ? transportIds(list) : List.of();
        if (!specIPt && list.length != BASIC_LENGTH) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        boolean allTargetPorts = (flags & ALL_TG_PT) != 0;
        boolean aptpl = (flags & APTPL) != 0;
        switch (serviceAction) {
            case REGISTER -> reservations.register(nexus, key, serviceActionKey, false, allTargetPorts, aptpl,
                    specified);
            case REGISTER_AND_IGNORE_EXISTING_KEY -> reservations.register(nexus, key, serviceActionKey, true,
                    allTargetPorts, aptpl, specified);
            case RESERVE -> reservations.reserve(nexus, key, scopeAndType(cdb));
            case RELEASE -> reservations.release(nexus, key, scopeAndType(cdb));
            case CLEAR -> reservations.clear(nexus, key);
            case PREEMPT -> reservations.preempt(nexus, key, serviceActionKey, scopeAndType(cdb));
            default -> {
                Predicate<ItNexus> preempted = reservations.preempt(nexus, key, serviceActionKey,
                        scopeAndType(cdb));
                aborter.abortTasks(preempted);
            }
        }
    }

    /**
     * SPC-4 §6.15.3: with SPEC_I_PT the basic list is followed by TRANSPORTID PARAMETER DATA LENGTH and the
     * TransportIDs, which must fill it exactly.
     */
    private static List<InitiatorPort> transportIds(byte[] list) throws CheckCondition {
        if (list.length < BASIC_LENGTH + 4) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        long length = ByteBuffer.wrap(list).getInt(BASIC_LENGTH) & 0xFFFF_FFFFL;
        if (BASIC_LENGTH + 4 + length != list.length) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        List<InitiatorPort> ports = new ArrayList<>();
        int at = BASIC_LENGTH + 4;
        while (at < list.length) {
            ports.add(InitiatorPort.fromTransportId(list, at));
            at += InitiatorPort.transportIdLength(list, at);
        }
        return ports;
    }

    /** SPC-4 table 202: the REGISTER AND MOVE parameter list. */
    private void registerAndMove(ItNexus nexus, byte[] list) throws CheckCondition, ReservationConflict {
        if (list.length < BASIC_LENGTH) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        ByteBuffer b = ByteBuffer.wrap(list);
        long transportIdLength = b.getInt(20) & 0xFFFF_FFFFL;
        if (BASIC_LENGTH + transportIdLength > list.length || transportIdLength < 24) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        InitiatorPort destination = InitiatorPort.fromTransportId(list, BASIC_LENGTH);
        reservations.registerAndMove(nexus, b.getLong(0), b.getLong(8), (list[17] & 0x02) != 0,
                (list[17] & 0x01) != 0, destination, b.getShort(18) & 0xFFFF);
    }

    /** Byte 2: SCOPE must be LU_SCOPE, TYPE one of the six types (SPC-4 §6.15.4). */
    private static ReservationType scopeAndType(Cdb cdb) throws CheckCondition {
        if (cdb.field(2, 0xF0) != LU_SCOPE) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(2, 7));
        }
        return ReservationType.of(cdb.field(2, 0x0F))
                .orElseThrow(() -> new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(2, 3)));
    }

    /** The PARAMETER LIST LENGTH bytes of data-out; fewer arrived is a parameter list length error. */
    private static byte[] parameterList(ScsiRequest request, long length) throws CheckCondition {
        ByteBuffer dataOut = request.dataOutView();
        if (length > dataOut.remaining() || length > 1 << 20) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        byte[] list = new byte[(int) length];
        dataOut.get(list);
        return list;
    }
}
