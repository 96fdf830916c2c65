package io.jiet.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * One iSCSI PDU (RFC 7143 §11): a record per opcode. Every PDU carries its data segment as a {@link ByteBuf}
 * (empty when none), without padding or digest; the PDU's reference count is that buffer's. Whoever receives a
 * decoded PDU releases it once done.
 */
public sealed interface Pdu extends ReferenceCounted permits InitiatorPdu, TargetPdu {

    /** The reserved tag value, RFC 7143 §11.2.1.8 and §11.7.4: "no task" or "no target transfer tag". */
    int RESERVED_TAG = 0xffffffff;


    Opcode opcode();

    /** Initiator Task Tag (or the reserved 0xffffffff where the PDU has none). */
    int initiatorTaskTag();

    /** The data segment, without padding. Never null. */
    ByteBuf data();

    @Override
    default int refCnt() {
        return data().refCnt();
    }

    @Override
    default Pdu retain() {
        data().retain();
        return this;
    }

    @Override
    default Pdu retain(int increment) {
        data().retain(increment);
        return this;
    }

    @Override
    default Pdu touch() {
        data().touch();
        return this;
    }

    @Override
    default Pdu touch(Object hint) {
        data().touch(hint);
        return this;
    }

    @Override
    default boolean release() {
        return data().release();
    }

    @Override
    default boolean release(int decrement) {
        return data().release(decrement);
    }
}
