package io.jiet.server.session;

import io.jiet.pdu.TaskManagementRequest;
import io.jiet.pdu.TaskManagementResponse;
import io.jiet.server.target.IscsiTarget;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task management functions (RFC 7143 §11.5–11.6, SAM-5 §7): the response goes out only once every affected task
 * has terminated, and an aborted task never sends data or status afterwards. Confined to the session's home loop.
 */
final class TaskManagement {

    private static final Logger log = LoggerFactory.getLogger(TaskManagement.class);

    /** Function codes, RFC 7143 §11.5.1. */
    static final int ABORT_TASK = 1;
    static final int ABORT_TASK_SET = 2;
    static final int CLEAR_ACA = 3;
    static final int CLEAR_TASK_SET = 4;
    static final int LOGICAL_UNIT_RESET = 5;
    static final int TARGET_WARM_RESET = 6;
    static final int TARGET_COLD_RESET = 7;
    static final int TASK_REASSIGN = 8;

    /** Response codes, RFC 7143 §11.6.1. */
    static final int FUNCTION_COMPLETE = 0;
    static final int TASK_DOES_NOT_EXIST = 1;
    static final int LUN_DOES_NOT_EXIST = 2;
    static final int REASSIGNMENT_NOT_SUPPORTED = 4;
    static final int FUNCTION_NOT_SUPPORTED = 5;
    static final int FUNCTION_REJECTED = 0xff;

    private final Session session;
    private final IscsiTarget target;
    private final SessionRegistry registry;

    TaskManagement(Session session, IscsiTarget target, SessionRegistry registry) {
        this.session = session;
        this.target = target;
        this.registry = registry;
    }

    void handle(SessionConnection connection, TaskManagementRequest request) {
        int function = request.function() & 0x7f;
        long lun = request.lun();
        switch (function) {
            case ABORT_TASK -> abortTask(connection, request);
            case ABORT_TASK_SET -> {
                // SAM-5 §7.3: the tasks of this I_T nexus on the logical unit.
                if (unknownLun(connection, request)) {
                    return;
                }
                session.commands().abort(onLun(lun), false,
                        () -> respond(connection, request, FUNCTION_COMPLETE));
            }
            case CLEAR_TASK_SET -> {
                // SAM-5 §7.5: every task on the logical unit, whichever nexus sent it.
                if (unknownLun(connection, request)) {
                    return;
                }
                abortEverywhere(onLun(lun), () -> respond(connection, request, FUNCTION_COMPLETE));
            }
            case LOGICAL_UNIT_RESET -> {
                if (unknownLun(connection, request)) {
                    return;
                }
                log.info("{}: LOGICAL UNIT RESET of LUN field 0x{}", session, Long.toHexString(lun));
                abortEverywhere(onLun(lun), () -> {
                    target.device().logicalUnitReset(lun, session.commands().nexus());
                    respond(connection, request, FUNCTION_COMPLETE);
                });
            }
            case TARGET_WARM_RESET, TARGET_COLD_RESET -> targetReset(connection, request,
                    function == TARGET_COLD_RESET);
            case CLEAR_ACA -> respond(connection, request, FUNCTION_NOT_SUPPORTED); // NACA is 0 in INQUIRY
            case TASK_REASSIGN -> respond(connection, request, REASSIGNMENT_NOT_SUPPORTED); // needs ERL 2
            default -> respond(connection, request, FUNCTION_REJECTED);
        }
    }

    private void abortTask(SessionConnection connection, TaskManagementRequest request) {
        int referenced = request.referencedTaskTag();
        ScsiTask task = session.commands().task(referenced);
        if (task != null) {
            session.commands().abort(t -> t == task, false,
                    () -> respond(connection, request, FUNCTION_COMPLETE));
            return;
        }
        // RFC 7143 §11.5.1: a command not yet received but inside the window is aborted in advance.
        if (session.abortBeforeDelivery(referenced, request.refCmdSN())) {
            respond(connection, request, FUNCTION_COMPLETE);
            return;
        }
        respond(connection, request, TASK_DOES_NOT_EXIST);
    }

    private void targetReset(SessionConnection connection, TaskManagementRequest request, boolean cold) {
        log.info("{}: TARGET {} RESET of {}", session, cold ? "COLD" : "WARM", target.name());
        abortEverywhere(task -> true, () -> {
            target.device().targetReset(session.commands().nexus(), cold);
            respond(connection, request, FUNCTION_COMPLETE);
            if (cold) {
                // RFC 7143 §11.5.1: after a cold reset the target drops every connection to its initiators.
                for (Session other : registry.sessionsOf(target)) {
                    if (other != session) {
                        other.closeFromAnyThread();
                    }
                }
                connection.closeAfterFlush();
                session.close();
            }
        });
    }

    /**
     * Aborts the tasks {@code which} accepts in every session of the target, then runs {@code then} on this
     * session's home loop once all of them, in every session, have terminated (SAM-5 §7.6, §7.7: the function
     * completes after the tasks it aborts). Waiting for the other sessions matters: a response sent before their
     * home loops had marked their tasks would let the initiator send new commands there that the late abort then
     * swallowed. Tasks of other I_T nexuses end with TASK ABORTED status where the Control mode page's TAS says so.
     */
    private void abortEverywhere(Predicate<ScsiTask> which, Runnable then) {
        List<Session> others = registry.sessionsOf(target).stream().filter(other -> other != session).toList();
        AtomicInteger unfinished = new AtomicInteger(others.size() + 1);
        Runnable oneSessionDone = () -> {
            if (unfinished.decrementAndGet() == 0) {
                session.runOnHome(then);
            }
        };
        for (Session other : others) {
            other.runOnHome(() -> other.commands().abort(which, true, oneSessionDone));
        }
        session.commands().abort(which, false, oneSessionDone);
    }

    private boolean unknownLun(SessionConnection connection, TaskManagementRequest request) {
        if (target.device().logicalUnit(request.lun()).isPresent()) {
            return false;
        }
        respond(connection, request, LUN_DOES_NOT_EXIST);
        return true;
    }

    private static Predicate<ScsiTask> onLun(long lun) {
        return task -> task.command.lun() == lun;
    }

    private void respond(SessionConnection connection, TaskManagementRequest request, int response) {
        if (session.closed()) {
            return;
        }
        connection.send(new TaskManagementResponse(response, request.initiatorTaskTag(), connection.takeStatSN(),
                session.expCmdSN(), session.maxCmdSN(), Unpooled.EMPTY_BUFFER));
        connection.flush();
    }
}
