/**
 * The iSCSI wire format, RFC 7143 (iSCSI Protocol, Consolidated): one record per PDU (§11), their encoding and
 * decoding ({@link io.jiet.pdu.PduCodec}), framing with CRC32C digests for Netty pipelines
 * ({@link io.jiet.pdu.PduDecoder}, {@link io.jiet.pdu.PduEncoder}, §11.1, §13.1), text key=value segments (§6.1,
 * {@link io.jiet.pdu.TextCodec}) and the sense data segment of a SCSI Response (§11.4.7,
 * {@link io.jiet.pdu.SenseSegment}).
 *
 * <p>This package knows nothing of sessions, logical units or negotiation: it turns bytes into PDUs and back, and
 * reports bytes that cannot be PDUs as {@link io.jiet.pdu.MalformedPduException}.
 */
package io.jiet.pdu;
