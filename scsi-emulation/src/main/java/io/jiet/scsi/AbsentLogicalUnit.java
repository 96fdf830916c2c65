package io.jiet.scsi;

/**
 * What answers a LUN with no logical unit behind it (SAM-5 §5.11, "incorrect logical unit"): INQUIRY returns
 * standard data with peripheral qualifier 011b and device type 1Fh, REQUEST SENSE returns GOOD with LOGICAL UNIT
 * NOT SUPPORTED as its sense data, everything else ends in CHECK CONDITION with that sense. Stateless.
 */
final class AbsentLogicalUnit implements LogicalUnit {

    static final AbsentLogicalUnit INSTANCE = new AbsentLogicalUnit();

    private AbsentLogicalUnit() {
    }

    @Override
    public ScsiResult execute(ScsiRequest request) {
        byte[] raw = request.cdb();
        int operationCode = raw == null || raw.length == 0 ? -1 : raw[0] & 0xFF;
        try {
            return switch (operationCode) {
                case OperationCode.INQUIRY -> inquiry(cdbOfLength(raw, 6));
                case OperationCode.REQUEST_SENSE -> requestSense(cdbOfLength(raw, 6));
                default -> ScsiResult.checkCondition(Sense.LOGICAL_UNIT_NOT_SUPPORTED);
            };
        } catch (CheckCondition e) {
            return ScsiResult.checkCondition(e.sense());
        }
    }

    private static ScsiResult inquiry(Cdb cdb) throws CheckCondition {
        if (cdb.bit(1, 0)) {
            // Only standard data is defined for an absent logical unit; its VPD pages do not exist.
            throw new CheckCondition(Sense.LOGICAL_UNIT_NOT_SUPPORTED);
        }
        if (cdb.u8(2) != 0) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(2));
        }
        byte[] data = StandardInquiryData.encode(StandardInquiryData.NO_LOGICAL_UNIT, "", "", "");
        return ScsiResult.good(data, cdb.u16(3));
    }

    private static ScsiResult requestSense(Cdb cdb) {
        boolean descriptorFormat = cdb.bit(1, 0);
        Sense sense = Sense.LOGICAL_UNIT_NOT_SUPPORTED;
        byte[] data = descriptorFormat ? sense.descriptorFormat() : sense.fixedFormat();
        return ScsiResult.good(data, cdb.u8(4));
    }

    private static Cdb cdbOfLength(byte[] raw, int length) throws CheckCondition {
        if (raw.length < length) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(0));
        }
        return new Cdb(raw);
    }

    @Override
    public void close() {
    }
}
