package io.jiet.server.metrics;

/**
 * How metrics count a SCSI command: a read, a write, or anything else. Reads and writes are the SBC-3 READ and
 * WRITE families (6/10/12/16 byte CDBs) and WRITE AND VERIFY, whose transfer length is the data moved.
 */
enum CommandKind {
    READ("read"),
    WRITE("write"),
    OTHER("other");

    private final String label;

    CommandKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The kind of the command whose CDB is {@code cdb} (SBC-3 §5, operation codes of table 13). */
    static CommandKind of(byte[] cdb) {
        if (cdb == null || cdb.length == 0) {
            return OTHER;
        }
        return switch (cdb[0] & 0xFF) {
            case 0x08, 0x28, 0xA8, 0x88 -> READ;
            case 0x0A, 0x2A, 0xAA, 0x8A, 0x2E, 0xAE, 0x8E -> WRITE;
            default -> OTHER;
        };
    }
}
