package io.jiet.server.admin;

import io.jiet.server.admin.AdminRequest.Operation;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * jietadm's command line: ietadm's options ({@code --op --tid --sid --cid --lun --params --user --redirect}, in
 * both {@code --tid=1} and {@code --tid 1} forms, with ietadm's short letters) plus jiet's {@code --control},
 * {@code --force}, {@code --json}, {@code --volumes}, {@code --sessions} and {@code --op save}.
 */
record JietadmOptions(Path control, AdminRequest request, boolean help) {
    static final Path DEFAULT_CONTROL = Path.of("/run/jiet/jietd.sock");

    static Options definitions() {
        Options o = new Options();
        o.addOption(Option.builder("o").longOpt("op").hasArg().argName("OP")
                .desc("new, delete, update, show or save").get());
        o.addOption(Option.builder("t").longOpt("tid").hasArg().argName("TID")
                .desc("target id (0 with --op new: the next free one)").get());
        o.addOption(Option.builder("s").longOpt("sid").hasArg().argName("SID")
                .desc("session id as --op show --sessions lists it").get());
        o.addOption(Option.builder("c").longOpt("cid").hasArg().argName("CID").desc("connection id").get());
        o.addOption(Option.builder("l").longOpt("lun").hasArg().argName("LUN").desc("logical unit number").get());
        o.addOption(Option.builder("p").longOpt("params").hasArg().argName("K=V,...")
                .desc("Name=IQN; Path=...,Type=...; target parameters; IncomingUser=U,Password=P").get());
        o.addOption(Option.builder().longOpt("tpg").hasArg().argName("GROUP")
                .desc("with --op update --tid: the target port group State=STATE or Owner=yes applies to").get());
        o.addOption(Option.builder("u").longOpt("user").desc("act on CHAP accounts (no --tid: discovery)").get());
        o.addOption(Option.builder().longOpt("redirect").hasArg().optionalArg(true).argName("ADDR[:PORT]")
                .desc("with --op update: send new logins there; empty to stop").get());
        o.addOption(Option.builder().longOpt("force")
                .desc("delete a target or LUN even while sessions use it").get());
        o.addOption(Option.builder().longOpt("volumes").desc("with --op show: /proc/net/iet/volume").get());
        o.addOption(Option.builder().longOpt("sessions").desc("with --op show: /proc/net/iet/session").get());
        o.addOption(Option.builder().longOpt("json").desc("print views as JSON").get());
        o.addOption(Option.builder().longOpt("control").hasArg().argName("PATH")
                .desc("jietd's control socket (default " + DEFAULT_CONTROL + ")").get());
        o.addOption(Option.builder("h").longOpt("help").desc("show this help").get());
        return o;
    }

    static JietadmOptions parse(String[] args) throws ParseException {
        CommandLine cl = new DefaultParser().parse(definitions(), args);
        Path control = Path.of(cl.getOptionValue("control", DEFAULT_CONTROL.toString()));
        if (cl.hasOption("h")) {
            return new JietadmOptions(control, null, true);
        }
        if (!cl.getArgList().isEmpty()) {
            throw new ParseException("unrecognized: " + String.join(" ", cl.getArgList()));
        }
        if (!cl.hasOption("o")) {
            throw new ParseException("You must specify the operation type (--op new|delete|update|show|save)");
        }
        String word = cl.getOptionValue("o");
        AdminRequest r = AdminRequest.of(Operation.forWord(word)
                .orElseThrow(() -> new ParseException("unknown operation " + word
                        + "; use new, delete, update, show or save")));
        try {
            if (cl.hasOption("t")) {
                r = r.withTid(ControlProtocol.number("tid", cl.getOptionValue("t")));
            }
            if (cl.hasOption("l")) {
                r = r.withLun(ControlProtocol.number("lun", cl.getOptionValue("l")));
            }
            if (cl.hasOption("s")) {
                r = r.withSid(SessionId.parse(cl.getOptionValue("s")));
            }
            if (cl.hasOption("c")) {
                r = r.withCid(ControlProtocol.number("cid", cl.getOptionValue("c")));
            }
            if (cl.hasOption("tpg")) {
                r = r.withTpg(ControlProtocol.number("tpg", cl.getOptionValue("tpg")));
            }
        } catch (IllegalArgumentException e) {
            throw new ParseException(e.getMessage());
        }
        if (cl.hasOption("u")) {
            r = r.withUser();
        }
        if (cl.hasOption("p")) {
            r = r.withParams(cl.getOptionValue("p"));
        }
        if (cl.hasOption("redirect")) {
            String value = cl.getOptionValue("redirect");
            r = r.withRedirect(value == null ? "" : value);
        }
        if (cl.hasOption("force")) {
            r = r.withForce();
        }
        if (cl.hasOption("json")) {
            r = r.withJson();
        }
        if (cl.hasOption("volumes")) {
            r = r.withVolumes();
        }
        if (cl.hasOption("sessions")) {
            r = r.withSessions();
        }
        return new JietadmOptions(control, r, false);
    }

    static void printHelp(PrintStream out) {
        PrintWriter writer = new PrintWriter(out, true);
        writer.println("""
                Usage: jietadm [OPTION]
                jiet target administration over jietd's control socket (ietadm's command set).

                  --op new --tid=[id] --params Name=[name]      add a target ([id] 0: the next free one)
                  --op delete --tid=[id] [--force]              delete a target (refused while sessions are active)
                  --op new --tid=[id] --lun=[lun] --params Path=[path],Type=fileio|blockio|nullio,...
                                                                add a logical unit
                  --op delete --tid=[id] --lun=[lun] [--force]  delete a logical unit
                  --op delete --tid=[id] --sid=[sid] --cid=[cid]
                                                                drop a connection
                  --op show --tid=[id] [--sid=[sid]]            target parameters, or a session's negotiated ones
                  --op update --tid=[id] --params=k1=v1,k2=v2   change target parameters (new logins)
                  --op update --tid=[id] --redirect=[ip[:port]] send new logins elsewhere (empty: stop)
                  --op update --tid=[id] --tpg=[group] --params State=[state]
                                                                set an ALUA target port group's state
                  --op update --tid=[id] --tpg=[group] --params Owner=yes
                                                                move RDAC ownership of the target's LUNs there
                  --op new|delete|show [--tid=[id]] --user --params=IncomingUser=[u],Password=[p]
                                                                CHAP accounts (OutgoingUser likewise;
                                                                no --tid: discovery sessions)
                  --op show --volumes | --sessions [--json]     /proc/net/iet/volume or session
                  --op save                                     write the running configuration to its file
                  --op delete [--force]                         delete every target
                  --control PATH                                jietd's socket (default /run/jiet/jietd.sock)
                """);
    }
}
