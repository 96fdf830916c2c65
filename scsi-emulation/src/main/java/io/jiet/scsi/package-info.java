/**
 * SCSI device servers for jiet, independent of iSCSI and Netty. The contract with the transport is
 * {@link io.jiet.scsi.ScsiRequest} in, {@link io.jiet.scsi.ScsiResult} out; {@link io.jiet.scsi.ScsiTargetDevice}
 * routes a request by its LUN field (SAM-5 §4.7) to a {@link io.jiet.scsi.LogicalUnit}, answers REPORT LUNS
 * (SPC-4 §6.33) and LUNs without a logical unit (SAM-5 §5.11).
 * <p>
 * Shared SPC-4 pieces live here: sense data ({@link io.jiet.scsi.Sense}, SPC-4 §4.5), the opcode → handler
 * {@link io.jiet.scsi.CommandTable}, REPORT SUPPORTED OPERATION CODES (SPC-4 §6.35), standard INQUIRY data
 * (SPC-4 §6.4.2) and the IET-compatible {@link io.jiet.scsi.LogicalUnitIdentity}. The direct-access block device
 * (SBC-3) is in {@link io.jiet.scsi.disk}.
 */
package io.jiet.scsi;
