/**
 * Reservations (SPC-4 §5.13): persistent reservations with all six types, ALL_TG_PT, SPEC_I_PT, REGISTER AND
 * MOVE and APTPL ({@link io.jiet.scsi.pr.Reservations}, {@link io.jiet.scsi.pr.PersistentReserveIn},
 * {@link io.jiet.scsi.pr.PersistentReserveOut}, {@link io.jiet.scsi.pr.AptplFile}), and the SPC-2 RESERVE/RELEASE
 * they coexist with ({@link io.jiet.scsi.pr.ReserveRelease}). An I_T nexus is identified as SPC-4 does for iSCSI:
 * the initiator port (iSCSI name and ISID) and the relative target port.
 */
package io.jiet.scsi.pr;
