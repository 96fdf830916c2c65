package io.jiet.scsi.pr;

import io.jiet.scsi.Cdb;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.SupportedCommand;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * PERSISTENT RESERVE IN (SPC-4 §6.14): READ KEYS, READ RESERVATION, REPORT CAPABILITIES and READ FULL STATUS.
 * Allowed whatever is reserved. The parameter data is built whole and cut to the ALLOCATION LENGTH, so the length
 * fields always describe everything available (SPC-4 §4.2.5.6). Immutable.
 */
public final class PersistentReserveIn {

    private static final int READ_KEYS = 0x00;
    private static final int READ_RESERVATION = 0x01;
    private static final int REPORT_CAPABILITIES = 0x02;
    private static final int READ_FULL_STATUS = 0x03;

    private final Reservations reservations;

    public PersistentReserveIn(Reservations reservations) {
        this.reservations = reservations;
    }

    public List<SupportedCommand> commands() {
        return List.of(entry(READ_KEYS), entry(READ_RESERVATION), entry(REPORT_CAPABILITIES),
                entry(READ_FULL_STATUS));
    }

    private SupportedCommand entry(int serviceAction) {
        return SupportedCommand.ofServiceAction(serviceAction, this::execute, OperationCode.PERSISTENT_RESERVE_IN,
                serviceAction, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0x00).withAccess(ReservationAccess.UNRESTRICTED);
    }

    private ScsiResult execute(ScsiRequest request, Cdb cdb) {
        Reservations.Snapshot state = reservations.snapshot();
        byte[] data = switch (cdb.field(1, 0x1F)) {
            case READ_KEYS -> readKeys(state);
            case READ_RESERVATION -> readReservation(state);
            case REPORT_CAPABILITIES -> reportCapabilities(state);
            default -> readFullStatus(state);
        };
        return ScsiResult.good(data, cdb.u16(7));
    }

    /** SPC-4 table 167: PRGENERATION, ADDITIONAL LENGTH, then one key per registration. */
    private static byte[] readKeys(Reservations.Snapshot state) {
        ByteBuffer b = ByteBuffer.allocate(8 + 8 * state.registrations().size());
        b.putInt(state.generation()).putInt(8 * state.registrations().size());
        state.registrations().forEach(r -> b.putLong(r.key()));
        return b.array();
    }

    /**
     * SPC-4 tables 169-170: the reservation key of the holder (0 for all-registrants types, §6.14.3), SCOPE 0
     * (logical unit) and TYPE.
     */
    private static byte[] readReservation(Reservations.Snapshot state) {
        if (state.type().isEmpty()) {
            return ByteBuffer.allocate(8).putInt(state.generation()).putInt(0).array();
        }
        ByteBuffer b = ByteBuffer.allocate(24);
        b.putInt(state.generation()).putInt(16);
        b.putLong(state.holder().map(Registration::key).orElse(0L));
        b.putInt(0).put((byte) 0).put((byte) state.type().get().code()).putShort((short) 0);
        return b.array();
    }

    /**
     * SPC-4 table 171: LENGTH 8; SIP_C, ATP_C and PTPL_C when APTPL can be honoured; TMV with every type in
     * the mask; ALLOW COMMANDS 0 (no information); PTPL_A the current APTPL state.
     */
    private byte[] reportCapabilities(Reservations.Snapshot state) {
        byte[] b = new byte[8];
        b[1] = 8;
        b[2] = (byte) (0x08 | 0x04 | (reservations.persistThroughPowerLossCapable() ? 0x01 : 0));
        b[3] = (byte) (0x80 | (state.aptpl() ? 0x01 : 0));
        // PERSISTENT RESERVATION TYPE MASK: WR_EX_AR, EX_AC_RO, WR_EX_RO, EX_AC, WR_EX; then EX_AC_AR.
        b[4] = (byte) (0x80 | 0x40 | 0x20 | 0x08 | 0x02);
        b[5] = 0x01;
        return b;
    }

    /**
     * SPC-4 tables 173-174: one full status descriptor per registration with its key, ALL_TG_PT, R_HOLDER and
     * SCOPE/TYPE for holders, the RELATIVE TARGET PORT IDENTIFIER and the initiator's TransportID.
     */
    private static byte[] readFullStatus(Reservations.Snapshot state) {
        ByteArrayOutputStream descriptors = new ByteArrayOutputStream();
        for (Registration r : state.registrations()) {
            byte[] transportId = r.port().transportId();
            ByteBuffer d = ByteBuffer.allocate(24 + transportId.length);
            d.putLong(r.key()).putInt(0);
            boolean holds = state.holds(r);
            d.put((byte) ((r.allTargetPorts() ? 0x02 : 0) | (holds ? 0x01 : 0)));
            d.put((byte) (holds ? state.type().get().code() : 0));
            d.putInt(0);
            d.putShort((short) (r.allTargetPorts() ? 0 : r.relativeTargetPortId()));
            d.putInt(transportId.length).put(transportId);
            descriptors.writeBytes(d.array());
        }
        byte[] list = descriptors.toByteArray();
        return ByteBuffer.allocate(8 + list.length).putInt(state.generation()).putInt(list.length).put(list).array();
    }
}
