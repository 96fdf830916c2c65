package io.jiet.server.session;

import io.jiet.pdu.Pdu;
import io.jiet.pdu.Reject;
import io.jiet.pdu.TextCodec;
import io.jiet.pdu.TextParameter;
import io.jiet.pdu.TextRequest;
import io.jiet.pdu.TextResponse;
import io.jiet.pdu.TextSegmentAssembler;
import io.jiet.server.login.SessionType;
import io.jiet.server.target.IscsiTarget;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Text requests in full-feature phase (RFC 7143 §11.10–11.11): SendTargets, multi-PDU requests (C bit) and
 * responses longer than the initiator's MaxRecvDataSegmentLength, continued through the Target Transfer Tag.
 * Owned by the session's event loop.
 */
final class TextExchange {

    /** Bound on one assembled text request; SendTargets requests are a few hundred bytes. */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final SendTargetsDirectory directory;
    private final IscsiTarget sessionTarget;
    private TextSegmentAssembler assembler;
    private ByteBuf pendingResponse;
    private int pendingTag;
    private int nextTag = 1;

    TextExchange(SendTargetsDirectory directory, IscsiTarget sessionTarget) {
        this.directory = directory;
        this.sessionTarget = sessionTarget;
    }

    void onRequest(TextRequest request, Session session, SessionConnection connection) {
        if (request.targetTransferTag() != Pdu.RESERVED_TAG) {
            continueResponse(request, session, connection);
            return;
        }
        releasePending();
        if (assembler == null) {
            assembler = new TextSegmentAssembler(MAX_REQUEST_BYTES);
        }
        List<TextParameter> parameters;
        try {
            parameters = assembler.append(request.data(), request.continueFlag()).orElse(null);
        } catch (RuntimeException tooLongOrMalformed) {
            assembler = null;
            session.reject(connection, request, Reject.PROTOCOL_ERROR);
            return;
        }
        if (parameters == null) {
            // More request PDUs follow: acknowledge with an empty response (RFC 7143 §11.10.2).
            send(request, session, connection, false, nextTag(), Unpooled.EMPTY_BUFFER);
            return;
        }
        assembler = null;
        List<TextParameter> answer = new ArrayList<>();
        for (TextParameter p : parameters) {
            if (p.key().equals("SendTargets")) {
                answer.addAll(directory.answer(p.value(), session.type(), sessionTarget,
                        connection.localAddress(), session.key().initiatorName(),
                        connection.remoteAddress().getAddress()));
            } else {
                answer.add(new TextParameter(p.key(), "NotUnderstood"));
            }
        }
        ByteBuf encoded = connection.alloc().buffer();
        TextCodec.encode(answer, encoded);
        pendingResponse = encoded;
        sendNextChunk(request, session, connection);
    }

    private void continueResponse(TextRequest request, Session session, SessionConnection connection) {
        if (pendingResponse == null || request.targetTransferTag() != pendingTag) {
            session.reject(connection, request, Reject.INVALID_PDU_FIELD);
            return;
        }
        sendNextChunk(request, session, connection);
    }

    private void sendNextChunk(TextRequest request, Session session, SessionConnection connection) {
        int limit = connection.parameters().maxXmitDataSegmentLength();
        int length = Math.min(limit, pendingResponse.readableBytes());
        ByteBuf chunk = pendingResponse.readRetainedSlice(length);
        if (pendingResponse.isReadable()) {
            pendingTag = nextTag();
            sendContinued(request, session, connection, pendingTag, chunk);
        } else {
            releasePending();
            send(request, session, connection, true, Pdu.RESERVED_TAG, chunk);
        }
    }

    private void send(TextRequest request, Session session, SessionConnection connection, boolean last, int tag,
                      ByteBuf data) {
        connection.send(new TextResponse(last, false, request.lun(), request.initiatorTaskTag(), tag,
                connection.takeStatSN(), session.expCmdSN(), session.maxCmdSN(), data));
    }

    private void sendContinued(TextRequest request, Session session, SessionConnection connection, int tag,
                               ByteBuf data) {
        connection.send(new TextResponse(false, true, request.lun(), request.initiatorTaskTag(), tag,
                connection.takeStatSN(), session.expCmdSN(), session.maxCmdSN(), data));
    }

    private int nextTag() {
        int tag = nextTag++;
        if (nextTag == Pdu.RESERVED_TAG) {
            nextTag = 1;
        }
        return tag;
    }

    void releasePending() {
        if (pendingResponse != null) {
            pendingResponse.release();
            pendingResponse = null;
        }
    }
}
