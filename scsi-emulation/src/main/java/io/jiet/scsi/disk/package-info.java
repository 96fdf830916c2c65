/**
 * The direct-access block device of SBC-3 (r36) over a {@link io.jiet.backstore.BlockStore}:
 * {@link io.jiet.scsi.disk.DiskLogicalUnit} and one handler per command family, after LIO's
 * {@code target_core_sbc.c}/{@code target_core_spc.c} split: INQUIRY with VPD pages 00h, 80h, 83h (SPC-4 §7.8)
 * and B0h, B1h (SBC-3 §6.6), READ CAPACITY (10)/(16) (SBC-3 §5.15-5.16), READ/WRITE (6)/(10)/(12)/(16)
 * (SBC-3 §5.8-5.11, §5.32-5.35), VERIFY and WRITE AND VERIFY (SBC-3 §5.26-5.28, §5.38-5.40), MODE
 * SENSE/SELECT with the Caching, Control and Informational Exceptions Control pages (SPC-4 §6.9-6.12, §7.5),
 * TEST UNIT READY, REQUEST SENSE and SYNCHRONIZE CACHE (10)/(16).
 */
package io.jiet.scsi.disk;
