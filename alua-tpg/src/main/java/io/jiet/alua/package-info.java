/**
 * Asymmetric logical unit access (ALUA) for jiet: target port groups and their states, REPORT/SET TARGET PORT
 * GROUPS data, per-state command gating and the target-port designators of VPD page 83h. Pure model and byte
 * encoders: no command dispatch, no iSCSI, no Netty; scsi-emulation and target-server call in.
 *
 * <p>Sources: SPC-4 "Asymmetric logical unit access" (spc4r17 §5.9, as Linux LIO cites it), REPORT TARGET PORT
 * GROUPS §6.37 and SET TARGET PORT GROUPS (spc4r36 numbering), Device Identification VPD page §7.8.6; checked
 * against what hosts run: Linux drivers/scsi/device_handler/scsi_dh_alua.c, sg3_utils sg_rtpg, and LIO's
 * drivers/target/target_core_alua.c. The RDAC personality is in {@link io.jiet.alua.rdac}.
 */
package io.jiet.alua;
