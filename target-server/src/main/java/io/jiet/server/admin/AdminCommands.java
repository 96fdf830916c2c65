package io.jiet.server.admin;

import io.jiet.conf.Account;
import io.jiet.conf.LunDefinition;
import io.jiet.server.admin.AdminRequest.Operation;
import io.jiet.server.admin.RunningConfiguration.AccountKind;
import io.jiet.server.login.ChapAccounts;
import io.jiet.server.session.Session;
import io.jiet.server.target.ConfiguredLun;
import io.jiet.server.target.IscsiTarget;
import io.jiet.server.target.LiveConnections;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out jietadm requests with ietadm's semantics (see iet-reference.md): what the request names decides
 * what it applies to, in ietadm's order (accounts, LUN, connection, session, target, everything). Mutations go
 * through {@link RunningConfiguration}, which logs them; views are rendered as IET's proc files or JSON.
 * <p>
 * Threading: thread-safe (each request is independent; changes serialise in {@link RunningConfiguration}).
 */
final class AdminCommands {
    static final String ORIGIN = "jietadm";

    /** Writes the running configuration back to its file; returns what to tell the user. */
    interface SaveAction {
        String save() throws OperationRefused;
    }

    private final RunningConfiguration running;
    private final SaveAction save;

    AdminCommands(RunningConfiguration running, SaveAction save) {
        this.running = running;
        this.save = save;
    }

    AdminResponse execute(AdminRequest r) {
        try {
            if (r.op() == Operation.SAVE) {
                if (r.tid().isPresent() || r.lun().isPresent() || r.sid().isPresent() || r.user()) {
                    return usage("--op save writes the whole running configuration; it takes no --tid, --lun, "
                            + "--sid or --user");
                }
                return AdminResponse.ok(save.save() + "\n");
            }
            if (r.tpg().isPresent()) {
                return targetPortGroup(r);
            }
            if (r.redirect().isPresent() && (r.op() != Operation.UPDATE || r.tid().isEmpty())) {
                return usage("--redirect goes with --op update --tid=N");
            }
            if (r.user()) {
                return accounts(r);
            }
            if (r.lun().isPresent()) {
                return lun(r);
            }
            if (r.cid().isPresent()) {
                return connection(r);
            }
            if (r.sid().isPresent()) {
                return session(r);
            }
            if (r.tid().isPresent()) {
                return target(r);
            }
            return everything(r);
        } catch (OperationRefused e) {
            return AdminResponse.refused(e.getMessage());
        } catch (Usage e) {
            return AdminResponse.badRequest(e.getMessage());
        }
    }

    // ---- what a request applies to ---------------------------------------------------------------------------

    private AdminResponse accounts(AdminRequest r) throws OperationRefused, Usage {
        Optional<IscsiTarget> target = r.tid().isPresent() && r.tid().getAsInt() != 0
                ? Optional.of(running.target(r.tid().getAsInt())) : Optional.empty();
        if (r.op() == Operation.SHOW) {
            ChapAccounts accounts = running.accounts(target);
            List<String> lines = new ArrayList<>();
            accounts.incoming().forEach(a -> lines.add("IncomingUser " + a.user()));
            accounts.outgoing().ifPresent(a -> lines.add("OutgoingUser " + a.user()));
            return r.json() ? AdminResponse.ok(JsonFormat.lines("accounts", lines)) : text(lines);
        }
        Map<String, String> params = RunningConfiguration.splitParams(require(r, "IncomingUser=NAME,Password=SECRET"));
        AccountKind kind = null;
        String user = null;
        String password = null;
        for (Map.Entry<String, String> p : params.entrySet()) {
            switch (p.getKey().toLowerCase(Locale.ROOT)) {
                case "incominguser" -> {
                    kind = checkOne(kind, AccountKind.INCOMING);
                    user = p.getValue();
                }
                case "outgoinguser" -> {
                    kind = checkOne(kind, AccountKind.OUTGOING);
                    user = p.getValue();
                }
                case "password" -> password = p.getValue();
                default -> throw new Usage("unknown account parameter " + p.getKey()
                        + "; use IncomingUser=NAME or OutgoingUser=NAME, and Password=SECRET");
            }
        }
        if (kind == null) {
            throw new Usage("--user needs --params IncomingUser=NAME or OutgoingUser=NAME");
        }
        switch (r.op()) {
            case NEW -> {
                if (password == null) {
                    throw new Usage("a new account needs Password=SECRET");
                }
                running.addAccount(target, kind, new Account(user, password), ORIGIN);
            }
            case DELETE -> running.deleteAccount(target, kind, user, ORIGIN);
            default -> throw new Usage("accounts support --op new, delete and show");
        }
        return AdminResponse.ok("");
    }

    private static AccountKind checkOne(AccountKind already, AccountKind kind) throws Usage {
        if (already != null) {
            throw new Usage("give one of IncomingUser and OutgoingUser");
        }
        return kind;
    }

    /** {@code --op update --tid N --tpg G --params State=STATE | Owner=yes}. */
    private AdminResponse targetPortGroup(AdminRequest r) throws OperationRefused, Usage {
        if (r.op() != Operation.UPDATE || r.tid().isEmpty() || r.lun().isPresent() || r.sid().isPresent()
                || r.user()) {
            throw new Usage("--tpg goes with --op update --tid=N --params State=STATE or Owner=yes");
        }
        IscsiTarget target = running.target(r.tid().getAsInt());
        int group = r.tpg().getAsInt();
        Map<String, String> params = RunningConfiguration.splitParams(require(r, "State=STATE or Owner=yes"));
        for (Map.Entry<String, String> p : params.entrySet()) {
            switch (p.getKey().toLowerCase(Locale.ROOT)) {
                case "state" -> running.changeGroupState(target, group, p.getValue(), ORIGIN);
                case "owner" -> {
                    if (!p.getValue().equalsIgnoreCase("yes")) {
                        throw new Usage("Owner takes yes (ownership moves to the group named by --tpg)");
                    }
                    running.moveRdacOwnership(target, group, ORIGIN);
                }
                default -> throw new Usage("unknown target port group parameter " + p.getKey()
                        + "; use State=STATE or Owner=yes");
            }
        }
        return AdminResponse.ok("");
    }

    private AdminResponse lun(AdminRequest r) throws OperationRefused, Usage {
        IscsiTarget target = running.target(requireTid(r));
        int number = r.lun().getAsInt();
        return switch (r.op()) {
            case NEW -> {
                LunDefinition definition = RunningConfiguration.parseLun(number, require(r, "Path=FILE,Type=fileio"));
                running.addLun(target, definition, ORIGIN);
                yield AdminResponse.ok("");
            }
            case DELETE -> {
                running.deleteLun(target, number, r.force(), ORIGIN);
                yield AdminResponse.ok("");
            }
            case SHOW -> {
                ConfiguredLun lun = running.lun(target, number);
                String line = ConfigFileText.lunLine(lun.definition());
                yield r.json() ? AdminResponse.ok(JsonFormat.lines("lun", List.of(line))) : text(List.of(line));
            }
            case UPDATE -> {
                // jiet's rescan: the backing file or device was resized.
                long blocks = running.rescanLun(target, number, ORIGIN);
                yield AdminResponse.ok("blocks:" + blocks + "\n");
            }
            default -> throw new Usage("LUNs support --op new, delete, show and update (rescan the capacity)");
        };
    }

    private AdminResponse connection(AdminRequest r) throws OperationRefused, Usage {
        IscsiTarget target = running.target(requireTid(r));
        if (r.sid().isEmpty()) {
            throw new Usage("--cid needs --sid (and --tid)");
        }
        long sid = r.sid().getAsLong();
        int cid = r.cid().getAsInt();
        return switch (r.op()) {
            case DELETE -> {
                running.dropConnection(target, sid, cid, ORIGIN);
                yield AdminResponse.ok("");
            }
            case SHOW -> {
                Session session = running.session(target, sid);
                LiveConnections.Entry entry = running.connections().find(session, cid).orElseThrow(
                        () -> new OperationRefused("session " + SessionId.text(sid) + " has no connection " + cid));
                TargetStatus.ConnectionStatus c = connectionStatus(entry);
                TargetStatus one = new TargetStatus(target.tid(), target.name(), List.of(),
                        List.of(new TargetStatus.SessionStatus(sid, session.key().initiatorName(), List.of(c))));
                yield AdminResponse.ok(r.json() ? JsonFormat.sessions(List.of(one))
                        : ProcNetIetFormat.sessions(List.of(one)));
            }
            default -> throw new Usage("connections support --op delete and show");
        };
    }

    private AdminResponse session(AdminRequest r) throws OperationRefused, Usage {
        IscsiTarget target = running.target(requireTid(r));
        long sid = r.sid().getAsLong();
        return switch (r.op()) {
            case SHOW -> {
                List<String> lines = TargetParameterValues.negotiated(running.session(target, sid).parameters());
                yield r.json() ? AdminResponse.ok(JsonFormat.lines("parameters", lines)) : text(lines);
            }
            case DELETE -> {
                running.dropSession(target, sid, ORIGIN);
                yield AdminResponse.ok("");
            }
            default -> throw new Usage("sessions support --op show and delete");
        };
    }

    private AdminResponse target(AdminRequest r) throws OperationRefused, Usage {
        int tid = r.tid().getAsInt();
        return switch (r.op()) {
            case NEW -> {
                Map<String, String> params = RunningConfiguration.splitParams(require(r, "Name=IQN"));
                if (params.size() != 1 || !params.keySet().iterator().next().equalsIgnoreCase("Name")) {
                    throw new Usage("a new target takes --params Name=IQN");
                }
                IscsiTarget target = running.newTarget(tid, params.values().iterator().next(), ORIGIN);
                yield AdminResponse.ok(tid == 0 ? "tid:" + target.tid() + "\n" : "");
            }
            case DELETE -> {
                running.deleteTarget(running.target(tid), r.force(), ORIGIN);
                yield AdminResponse.ok("");
            }
            case UPDATE -> {
                IscsiTarget target = running.target(tid);
                if (r.params().isEmpty() && r.redirect().isEmpty()) {
                    throw new Usage("--op update needs --params KEY=VALUE,... or --redirect ADDRESS[:PORT]");
                }
                if (r.params().isPresent()) {
                    running.updateParameters(target, r.params().get(), ORIGIN);
                }
                if (r.redirect().isPresent()) {
                    running.redirect(target, r.redirect().get(), ORIGIN);
                }
                yield AdminResponse.ok("");
            }
            case SHOW -> {
                IscsiTarget target = running.target(tid);
                if (r.volumes() || r.sessions()) {
                    yield views(r, List.of(target));
                }
                yield r.json() ? AdminResponse.ok(targetJson(target))
                        : text(TargetParameterValues.lines(target.parameters()));
            }
            case SAVE -> throw new Usage("unreachable");
        };
    }

    private AdminResponse everything(AdminRequest r) throws OperationRefused, Usage {
        return switch (r.op()) {
            case SHOW -> views(r, running.targets().all());
            case DELETE -> {
                running.deleteAll(r.force(), ORIGIN);
                yield AdminResponse.ok("");
            }
            default -> throw new Usage("--op " + r.op().word() + " needs --tid (and --lun, --user ... as for ietadm)");
        };
    }

    // ---- views -----------------------------------------------------------------------------------------------

    /** {@code --volumes} and/or {@code --sessions} (volumes when neither is given). */
    private AdminResponse views(AdminRequest r, List<IscsiTarget> targets) {
        List<TargetStatus> status = status(targets);
        boolean volumes = r.volumes() || !r.sessions();
        StringBuilder out = new StringBuilder();
        if (volumes) {
            out.append(r.json() ? JsonFormat.volumes(status) : ProcNetIetFormat.volumes(status));
        }
        if (r.sessions()) {
            out.append(r.json() ? JsonFormat.sessions(status) : ProcNetIetFormat.sessions(status));
        }
        return AdminResponse.ok(out.toString());
    }

    List<TargetStatus> status(List<IscsiTarget> targets) {
        List<TargetStatus> out = new ArrayList<>();
        for (IscsiTarget t : targets) {
            List<TargetStatus.Volume> volumes = new ArrayList<>();
            for (ConfiguredLun lun : t.luns().values()) {
                LunDefinition d = lun.definition();
                volumes.add(new TargetStatus.Volume(d.lun(), 0, d.type(), d.ioMode().name().toLowerCase(Locale.ROOT),
                        lun.blocks(), d.blockSize(), d.path()));
            }
            List<TargetStatus.SessionStatus> sessions = new ArrayList<>();
            List<Session> live = new ArrayList<>(running.sessionsOf(t));
            live.sort(Comparator.comparingInt(Session::tsih));
            for (Session s : live) {
                List<TargetStatus.ConnectionStatus> connections = running.connections().of(s).stream()
                        .map(AdminCommands::connectionStatus).toList();
                sessions.add(new TargetStatus.SessionStatus(SessionId.of(s), s.key().initiatorName(), connections));
            }
            out.add(new TargetStatus(t.tid(), t.name(), volumes, sessions));
        }
        return out;
    }

    private static TargetStatus.ConnectionStatus connectionStatus(LiveConnections.Entry e) {
        boolean hd = e.connection().parameters() != null && e.connection().parameters().headerDigest();
        boolean dd = e.connection().parameters() != null && e.connection().parameters().dataDigest();
        return new TargetStatus.ConnectionStatus(e.cid(), e.initiator() == null ? null : e.initiator().getAddress(),
                "active", hd ? "crc32c" : "none", dd ? "crc32c" : "none");
    }

    private static String targetJson(IscsiTarget t) {
        JsonText json = new JsonText().beginObject().field("tid", t.tid()).field("name", t.name())
                .field("alias", t.alias().orElse(null)).field("redirect", t.redirect().current().orElse(null))
                .beginObject("parameters");
        for (String line : TargetParameterValues.lines(t.parameters())) {
            int eq = line.indexOf('=');
            json.field(line.substring(0, eq), line.substring(eq + 1));
        }
        json.endObject().beginArray("luns");
        t.luns().keySet().forEach(n -> json.element(Integer.toString(n)));
        return json.endArray().endObject() + "\n";
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static AdminResponse text(List<String> lines) {
        return AdminResponse.ok(lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    private static int requireTid(AdminRequest r) throws Usage {
        if (r.tid().isEmpty()) {
            throw new Usage("give --tid=N as well");
        }
        return r.tid().getAsInt();
    }

    private static String require(AdminRequest r, String example) throws Usage {
        return r.params().filter(p -> !p.isBlank()).orElseThrow(() -> new Usage("give --params " + example));
    }

    private static AdminResponse usage(String message) {
        return AdminResponse.badRequest(message);
    }

    /** The request does not say what ietadm would have understood. */
    static final class Usage extends Exception {
        Usage(String message) {
            super(message, null, false, false);
        }
    }
}
