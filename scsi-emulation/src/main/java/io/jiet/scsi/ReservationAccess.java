package io.jiet.scsi;

/**
 * How reservations restrict a command: the three behaviours of SPC-4 table 60 ("SPC commands that are allowed in
 * the presence of various reservations") and SBC-3 table 13 (the same for SBC commands), read column by column.
 * <ul>
 *   <li>{@link #UNRESTRICTED}: allowed whatever is reserved (INQUIRY, REPORT LUNS, REQUEST SENSE, READ CAPACITY,
 *   PERSISTENT RESERVE IN, ...). Commands that manage reservations themselves are listed here too and apply
 *   their own rules.</li>
 *   <li>{@link #READ}: conflicts with an SPC-2 reservation held through another I_T nexus and with Exclusive
 *   Access reservations; allowed under Write Exclusive ones (READ, VERIFY, PRE-FETCH, MODE SENSE, TEST UNIT
 *   READY, ...).</li>
 *   <li>{@link #WRITE}: conflicts with every reservation the I_T nexus does not hold or share as a registrant
 *   (WRITE, UNMAP, MODE SELECT, SYNCHRONIZE CACHE, SANITIZE, ...).</li>
 * </ul>
 */
public enum ReservationAccess {
    UNRESTRICTED,
    READ,
    WRITE
}
