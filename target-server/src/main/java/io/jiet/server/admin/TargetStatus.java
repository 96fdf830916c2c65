package io.jiet.server.admin;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * What {@code /proc/net/iet/volume} and {@code /proc/net/iet/session} showed of one target, as plain values: the
 * formats render these, so they are tested without a running daemon.
 */
record TargetStatus(int tid, String name, List<Volume> volumes, List<SessionStatus> sessions) {

    /** One LUN. {@code state} is IET's l_state (0 running); {@code path} is empty for nullio. */
    record Volume(int lun, int state, String ioType, String ioMode, long blocks, int blockSize,
                  Optional<String> path) {
    }

    /** One normal session: IET's 64-bit sid and the initiator's iSCSI name. */
    record SessionStatus(long sid, String initiator, List<ConnectionStatus> connections) {
    }

    /** One connection: CID, the initiator's address, state and digests ({@code none} or {@code crc32c}). */
    record ConnectionStatus(int cid, InetAddress ip, String state, String headerDigest, String dataDigest) {
    }
}
