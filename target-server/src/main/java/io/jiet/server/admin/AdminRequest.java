package io.jiet.server.admin;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One jietadm command: ietadm's options plus jiet's ({@code save}, {@code --force}, {@code --json},
 * {@code --volumes}, {@code --sessions}). What is set decides what the operation applies to, in ietadm's order:
 * accounts ({@code user}), then a LUN, a connection, a session, a target, the whole daemon.
 */
record AdminRequest(Operation op, OptionalInt tid, OptionalInt lun, OptionalLong sid, OptionalInt cid, boolean user,
                    Optional<String> params, Optional<String> redirect, boolean force, boolean json, boolean volumes,
                    boolean sessions) {

    enum Operation {
        NEW, DELETE, UPDATE, SHOW, SAVE;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Optional<Operation> forWord(String word) {
            for (Operation op : values()) {
                if (op.word().equals(word)) {
                    return Optional.of(op);
                }
            }
            return Optional.empty();
        }
    }

    static AdminRequest of(Operation op) {
        return new AdminRequest(op, OptionalInt.empty(), OptionalInt.empty(), OptionalLong.empty(),
                OptionalInt.empty(), false, Optional.empty(), Optional.empty(), false, false, false, false);
    }

    AdminRequest withTid(int value) {
        return new AdminRequest(op, OptionalInt.of(value), lun, sid, cid, user, params, redirect, force, json, volumes,
                sessions);
    }

    AdminRequest withLun(int value) {
        return new AdminRequest(op, tid, OptionalInt.of(value), sid, cid, user, params, redirect, force, json, volumes,
                sessions);
    }

    AdminRequest withSid(long value) {
        return new AdminRequest(op, tid, lun, OptionalLong.of(value), cid, user, params, redirect, force, json, volumes,
                sessions);
    }

    AdminRequest withCid(int value) {
        return new AdminRequest(op, tid, lun, sid, OptionalInt.of(value), user, params, redirect, force, json, volumes,
                sessions);
    }

    AdminRequest withUser() {
        return new AdminRequest(op, tid, lun, sid, cid, true, params, redirect, force, json, volumes, sessions);
    }

    AdminRequest withParams(String value) {
        return new AdminRequest(op, tid, lun, sid, cid, user, Optional.of(value), redirect, force, json, volumes,
                sessions);
    }

    AdminRequest withRedirect(String value) {
        return new AdminRequest(op, tid, lun, sid, cid, user, params, Optional.of(value), force, json, volumes,
                sessions);
    }

    AdminRequest withForce() {
        return new AdminRequest(op, tid, lun, sid, cid, user, params, redirect, true, json, volumes, sessions);
    }

    AdminRequest withJson() {
        return new AdminRequest(op, tid, lun, sid, cid, user, params, redirect, force, true, volumes, sessions);
    }

    AdminRequest withVolumes() {
        return new AdminRequest(op, tid, lun, sid, cid, user, params, redirect, force, json, true, sessions);
    }

    AdminRequest withSessions() {
        return new AdminRequest(op, tid, lun, sid, cid, user, params, redirect, force, json, volumes, true);
    }
}
