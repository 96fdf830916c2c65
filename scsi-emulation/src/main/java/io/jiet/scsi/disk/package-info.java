/**
 * The direct-access block device of SBC-3 (r36) over a {@link io.jiet.backstore.BlockStore}:
 * {@link io.jiet.scsi.disk.DiskLogicalUnit}, its gates (unit attentions, sanitize, reservations) and one handler
 * per command family, after LIO's {@code target_core_sbc.c}/{@code target_core_spc.c} split: INQUIRY with VPD
 * pages 00h, 80h, 83h, 86h (SPC-4 §7.8) and B0h, B1h, B2h (SBC-3 §6.6), READ CAPACITY (SBC-3 §5.15-5.16),
 * READ/WRITE and WRITE ATOMIC, VERIFY and WRITE AND VERIFY, COMPARE AND WRITE and ORWRITE, WRITE SAME, UNMAP and
 * GET LBA STATUS (SBC-3 §4.7), EXTENDED COPY and RECEIVE COPY RESULTS (SPC-4 §6.4, §6.21), SANITIZE (SBC-3 §5.30),
 * MODE SENSE/SELECT (SPC-4 §6.9-6.12), LOG SENSE, TEST UNIT READY, REQUEST SENSE, READ DEFECT DATA,
 * SYNCHRONIZE CACHE, PRE-FETCH, START STOP UNIT and PREVENT ALLOW MEDIUM REMOVAL.
 */
package io.jiet.scsi.disk;
