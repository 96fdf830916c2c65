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
                    boolean sessions, OptionalInt tpg) {

    /** Without a target port group (what every operation but the ALUA update takes). */
    AdminRequest(Operation op, OptionalInt tid, OptionalInt lun, OptionalLong sid, OptionalInt cid, boolean user,
                 Optional<String> params, Optional<String> redirect, boolean force, boolean json, boolean volumes,
                 boolean sessions) {
        this(op, tid, lun, sid, cid, user, params, redirect, force, json, volumes, sessions, OptionalInt.empty());
    }

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

    /** {@code --tpg G}: the target port group an ALUA update (State=, Owner=) applies to. */
    AdminRequest withTpg(int value) {
        return new AdminRequest(op, tid, lun, sid, cid, user, params, redirect, force, json, volumes, sessions,
                OptionalInt.of(value));
    }

    AdminRequest withTid(int value) {
        return new AdminRequest(op, OptionalInt.of(value), lun, sid, cid, user, params, redirect, force, json, volumes,
                sessions, tpg);
    }

    AdminRequest withLun(int value) {
        return new AdminRequest(op, tid, OptionalInt.of(value), sid, cid, user, params, redirect, force, json, volumes,
                sessions, tpg);
    }

    AdminRequest withSid(long value) {
        return new AdminRequest(op, tid, lun, OptionalLong.of(value), cid, user, params, redirect, force, json, volumes,
                sessions, tpg);
    }

    AdminRequest withCid(int value) {
        return new AdminRequest(op, tid, lun, sid, OptionalInt.of(value), user, params, redirect, force, json, volumes,
                sessions, tpg);
    }

    AdminRequest withUser() {
        return new AdminRequest(op, tid, lun, sid, cid, true, params, redirect, force, json, volumes, sessions, tpg);
    }

    AdminRequest withParams(String value) {
        return new AdminRequest(op, tid, lun, sid, cid, user, Optional.of(value), redirect, force, json, volumes,
                sessions, tpg);
    }

    AdminRequest withRedirect(String value) {
        return new AdminRequest(op, tid, lun, sid, cid, user, params, Optional.of(value), force, json, volumes,
                sessions, tpg);
    }

    AdminRequest withForce() {
        return new AdminRequest(op, tid, lun, sid, cid, user, params, redirect, true, json, volumes, sessions, tpg);
    }

    AdminRequest withJson() {
        return new AdminRequest(op, tid, lun, sid, cid, user, params, redirect, force, true, volumes, sessions, tpg);
    }

    AdminRequest withVolumes() {
        return new AdminRequest(op, tid, lun, sid, cid, user, params, redirect, force, json, true, sessions, tpg);
    }

    AdminRequest withSessions() {
        return new AdminRequest(op, tid, lun, sid, cid, user, params, redirect, force, json, volumes, true, tpg);
    }
}
