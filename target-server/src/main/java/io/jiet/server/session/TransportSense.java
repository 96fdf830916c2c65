package io.jiet.server.session;

import io.jiet.scsi.Sense;

/** Sense data for conditions the transport itself detects before or around executing a command. */
final class TransportSense {
    private TransportSense() {
    }

    static byte[] invalidFieldInCdb() {
        return Sense.INVALID_FIELD_IN_CDB.fixedFormat();
    }

    static byte[] internalTargetFailure() {
        return Sense.INTERNAL_TARGET_FAILURE.fixedFormat();
    }
}
