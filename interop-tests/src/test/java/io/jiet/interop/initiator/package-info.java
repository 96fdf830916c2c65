/**
 * A deliberately small iSCSI initiator for tests (RFC 7143), written from the RFC without the project's pdu
 * module so that it is an independent oracle: its 48-byte Basic Header Segments are built and read byte by byte
 * here (RFC 7143 §11). No digests, no AHS sent, one connection per session, one task at a time, ErrorRecoveryLevel 0.
 * Anything the target does that this initiator does not expect is reported as a {@link
 * io.jiet.interop.initiator.TargetProtocolError}.
 */
package io.jiet.interop.initiator;
