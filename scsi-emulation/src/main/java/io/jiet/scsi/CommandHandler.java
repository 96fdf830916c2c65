package io.jiet.scsi;

/**
 * Executes one command family's CDBs (LIO's split: the table decides who runs a CDB, the handler parses and runs
 * it). Bad CDB fields, parameter data and I/O failures end in {@link CheckCondition}.
 */
@FunctionalInterface
public interface CommandHandler {

    ScsiResult execute(ScsiRequest request, Cdb cdb) throws CheckCondition;
}
