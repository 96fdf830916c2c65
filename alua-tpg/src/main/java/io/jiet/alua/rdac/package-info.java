/**
 * The LSI/Engenio RDAC personality (IBM DS3000/4000/5000, Dell MD3xxx, NetApp E-series): vendor VPD pages C2h, C4h,
 * C8h, C9h, the redundant controller mode page 2Ch and per-LU controller ownership. Layouts follow what hosts read:
 * Linux drivers/scsi/device_handler/scsi_dh_rdac.c and multipath-tools libmultipath/prioritizers/rdac.c and
 * checkers/rdac.c. There is no public specification of these pages.
 */
package io.jiet.alua.rdac;
