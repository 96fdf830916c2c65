package io.jiet.server.session;

import io.jiet.backstore.FileSpan;
import io.jiet.pdu.DataIn;

/**
 * A Data-In PDU whose data segment is sent from the backing file: {@code header}'s own data buffer is empty, the
 * segment is {@code data} (RFC 7143 §11.7: the DataSegmentLength says its length).
 */
public record FileBackedDataIn(DataIn header, FileSpan data) {
}
