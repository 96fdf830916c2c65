package io.jiet.server.login;

import io.jiet.conf.PortalGroups;
import io.jiet.conf.TargetParameters;
import io.jiet.conf.access.AccessDecision;
import io.jiet.pdu.LoginRequest;
import io.jiet.pdu.LoginResponse;
import io.jiet.pdu.TextCodec;
import io.jiet.pdu.TextParameter;
import io.jiet.pdu.TextSegmentAssembler;
import io.jiet.server.session.Session;
import io.jiet.server.session.SessionKey;
import io.jiet.server.session.SessionRegistry;
import io.jiet.server.target.IscsiTarget;
import io.jiet.server.target.ListeningPortal;
import io.jiet.server.target.TargetRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The login phase of one connection (RFC 7143 §6): security stage with AuthMethod, operational negotiation, the
 * transition to full-feature phase with TSIH assignment, and session reinstatement. Not thread-safe: one instance
 * per connection, used from its event loop.
 */
public final class LoginConversation {

    /** Version-max/min/active: RFC 7143 defines only version 0x00 (§11.12.4). */
    private static final int VERSION = 0x00;
    /** Bound on one login request's keys across PDUs sent with the C bit. */
    private static final int MAX_LOGIN_TEXT = 64 * 1024;
    /** Discovery sessions accept either digest; the target's own lists apply only to normal sessions. */
    private static final TargetParameters DISCOVERY_PARAMETERS = withDigests(TargetParameters.IET_DEFAULTS,
            List.of("None", "CRC32C"));

    private final TargetRegistry targets;
    private final SessionRegistry sessions;
    private final ListeningPortal portal;
    private final InetAddress initiatorAddress;
    private final InetSocketAddress local;
    private int portalGroupTag;
    private final ByteBufAllocator alloc;
    private final EventLoop eventLoop;
    private final TextSegmentAssembler assembler = new TextSegmentAssembler(MAX_LOGIN_TEXT);

    private boolean first = true;
    private String initiatorName;
    private SessionType sessionType;
    private IscsiTarget target;
    private Session joining;
    private OperationalNegotiation negotiation;
    /** The stage the last transit moved to; a request may not go back before it. */
    private int stage = LoginStage.SECURITY_NEGOTIATION;
    private boolean sentPortalGroupTag;
    private boolean sentAlias;
    private ChapAccounts accounts = ChapAccounts.NONE;
    private ChapAuthentication chap;

    public LoginConversation(TargetRegistry targets, SessionRegistry sessions, ListeningPortal portal,
                             ByteBufAllocator alloc, EventLoop eventLoop, InetAddress initiatorAddress,
                             InetSocketAddress local) {
        this.targets = targets;
        this.sessions = sessions;
        this.portal = portal;
        this.initiatorAddress = initiatorAddress;
        this.local = local;
        this.portalGroupTag = PortalGroups.IET_PORTAL_GROUP_TAG;
        this.alloc = alloc;
        this.eventLoop = eventLoop;
    }

    public String initiatorName() {
        return initiatorName;
    }

    public IscsiTarget target() {
        return target;
    }

    /**
     * Answers one login request. {@code statSN} is the StatSN this response carries.
     */
    public LoginOutcome onRequest(LoginRequest request, int statSN) {
        if (first && (request.versionMin() > VERSION || request.versionMax() < VERSION)) {
            return fail(request, statSN, LoginStatus.UNSUPPORTED_VERSION, "version " + request.versionMin());
        }
        List<TextParameter> keys;
        try {
            keys = assembler.append(request.data(), request.continueFlag()).orElse(null);
        } catch (RuntimeException malformed) {
            return fail(request, statSN, LoginStatus.INITIATOR_ERROR, "malformed login text: "
                    + malformed.getMessage());
        }
        if (keys == null) {
            // RFC 7143 §11.12.2: answer a partial request with an empty response in the same stage.
            return new LoginOutcome.Continue(response(request, statSN, false, request.currentStage(), 0,
                    Unpooled.EMPTY_BUFFER, 0));
        }
        int csg = request.currentStage();
        int nsg = request.nextStage();
        if (csg == 2 || csg == LoginStage.FULL_FEATURE_PHASE
                || request.transit() && (nsg <= csg || nsg == 2)
                || csg < stage) {
            return fail(request, statSN, LoginStatus.INITIATOR_ERROR, "invalid stage transition " + csg + "->"
                    + nsg);
        }
        List<TextParameter> answers = new ArrayList<>();
        if (first) {
            LoginOutcome refused = identify(request, keys, statSN);
            if (refused != null) {
                return refused;
            }
            first = false;
        }
        if (sessionType == SessionType.NORMAL && !sentPortalGroupTag) {
            // RFC 7143 §13.9: returned in the first login response of a normal session.
            sentPortalGroupTag = true;
            answers.add(new TextParameter("TargetPortalGroupTag", Integer.toString(portalGroupTag)));
        }
        List<TextParameter> operational = new ArrayList<>();
        Map<String, String> chapKeys = new LinkedHashMap<>();
        for (TextParameter key : keys) {
            switch (key.key()) {
                case "InitiatorName", "TargetName", "SessionType", "InitiatorAlias" -> {
                    // Declarations handled in identify(); nothing to answer.
                }
                case "AuthMethod" -> {
                    if (csg != LoginStage.SECURITY_NEGOTIATION) {
                        answers.add(new TextParameter("AuthMethod", OperationalNegotiation.IRRELEVANT));
                    } else if (accounts.required() && offers(key.value(), "CHAP")) {
                        answers.add(new TextParameter("AuthMethod", "CHAP"));
                        chap = new ChapAuthentication(accounts);
                    } else if (!accounts.required() && offers(key.value(), "None")) {
                        answers.add(new TextParameter("AuthMethod", "None"));
                    } else {
                        return fail(request, statSN, LoginStatus.AUTHENTICATION_FAILURE,
                                "no acceptable AuthMethod in " + key.value()
                                        + (accounts.required() ? " (CHAP required)" : ""));
                    }
                }
                case "CHAP_A", "CHAP_I", "CHAP_C", "CHAP_N", "CHAP_R" -> chapKeys.put(key.key(), key.value());
                default -> operational.add(key);
            }
        }
        if (!chapKeys.isEmpty()) {
            if (chap == null || csg != LoginStage.SECURITY_NEGOTIATION) {
                return fail(request, statSN, LoginStatus.AUTHENTICATION_FAILURE, "CHAP keys without AuthMethod=CHAP");
            }
            try {
                answers.addAll(chap.onKeys(chapKeys));
            } catch (AuthenticationFailure failure) {
                return fail(request, statSN, LoginStatus.AUTHENTICATION_FAILURE, failure.getMessage());
            }
        }
        boolean authenticated = !accounts.required() || chap != null && chap.done();
        if (!authenticated && csg != LoginStage.SECURITY_NEGOTIATION) {
            // Skipping the security stage is allowed only where no account guards the session.
            return fail(request, statSN, LoginStatus.AUTHENTICATION_FAILURE, "authentication required");
        }
        if (authenticated && !sentAlias && sessionType == SessionType.NORMAL && target.alias().isPresent()) {
            // Nothing about the target beyond its portal group tag goes out before authentication succeeds.
            sentAlias = true;
            answers.add(new TextParameter("TargetAlias", target.alias().get()));
        }
        answers.addAll(negotiation.respond(operational));
        // RFC 7143 §11.13.3: the target keeps the initiator in the security stage until CHAP has finished.
        boolean transit = request.transit() && authenticated;
        if (transit) {
            stage = nsg;
        }
        if (transit && nsg == LoginStage.FULL_FEATURE_PHASE) {
            answers.addAll(negotiation.pendingDeclarations());
            return establish(request, statSN, answers);
        }
        return new LoginOutcome.Continue(response(request, statSN, transit, csg, transit ? nsg : 0,
                encode(answers), 0));
    }

    /** Reads the declarations of the leading request: who the initiator is and which session it wants. */
    private LoginOutcome identify(LoginRequest request, List<TextParameter> keys, int statSN) {
        initiatorName = value(keys, "InitiatorName").orElse(null);
        if (initiatorName == null || initiatorName.isEmpty()) {
            return fail(request, statSN, LoginStatus.MISSING_PARAMETER, "no InitiatorName");
        }
        String type = value(keys, "SessionType").orElse("Normal");
        switch (type) {
            case "Normal" -> sessionType = SessionType.NORMAL;
            case "Discovery" -> sessionType = SessionType.DISCOVERY;
            default -> {
                return fail(request, statSN, LoginStatus.SESSION_TYPE_NOT_SUPPORTED, "SessionType " + type);
            }
        }
        if (sessionType == SessionType.NORMAL) {
            Optional<String> targetName = value(keys, "TargetName");
            if (targetName.isEmpty()) {
                return fail(request, statSN, LoginStatus.MISSING_PARAMETER, "no TargetName");
            }
            target = targets.findForLogin(targetName.get(), local.getAddress().getHostAddress(), local.getPort())
                    .orElse(null);
            if (target == null) {
                return fail(request, statSN, LoginStatus.NOT_FOUND, "unknown target " + targetName.get());
            }
            OptionalInt tag = target.portalGroupTag(portal);
            AccessDecision visible = targets.accessRules().checkTarget(target.name(), local.getAddress());
            if (tag.isEmpty() || !visible.allowed()) {
                // A target is not offered on a portal its groups leave out, nor where targets.allow hides it.
                return fail(request, statSN, LoginStatus.NOT_FOUND, "target " + target.name() + " not offered on "
                        + portal.configured() + (visible.allowed() ? "" : " (" + visible.reason() + ")"));
            }
            portalGroupTag = tag.getAsInt();
            AccessDecision allowed = targets.accessRules().checkInitiator(target.name(), initiatorName,
                    initiatorAddress);
            if (!allowed.allowed()) {
                return fail(request, statSN, LoginStatus.AUTHORIZATION_FAILURE, allowed.reason());
            }
            Optional<String> redirect = target.redirect().current();
            if (redirect.isPresent()) {
                return new LoginOutcome.Failed(response(request, statSN, false, request.currentStage(), 0,
                        encode(List.of(new TextParameter("TargetAddress", redirect.get()))),
                        LoginStatus.TARGET_MOVED_TEMPORARILY.statusClass() << 8
                                | LoginStatus.TARGET_MOVED_TEMPORARILY.detail()),
                        LoginStatus.TARGET_MOVED_TEMPORARILY, "redirected to " + redirect.get());
            }
        }
        if (request.tsih() != 0) {
            joining = sessions.findByTsih(request.tsih())
                    .filter(s -> s.key().equals(sessionKey(request)))
                    .orElse(null);
            if (joining == null) {
                return fail(request, statSN, LoginStatus.SESSION_DOES_NOT_EXIST, "TSIH " + request.tsih());
            }
        }
        accounts = target != null ? target.chapAccounts() : targets.discoveryAccounts();
        negotiation = new OperationalNegotiation(target != null ? target.parameters() : DISCOVERY_PARAMETERS,
                sessionType);
        return null;
    }

    private LoginOutcome establish(LoginRequest request, int statSN, List<TextParameter> answers) {
        NegotiatedParameters parameters = negotiation.result();
        Session session;
        if (joining != null) {
            if (joining.closed()) {
                return fail(request, statSN, LoginStatus.SESSION_DOES_NOT_EXIST, "session ended during login");
            }
            if (!joining.accepts(request.cid())) {
                // RFC 7143 §13.2: MaxConnections bounds the connections of a session.
                return fail(request, statSN, LoginStatus.TOO_MANY_CONNECTIONS, "session " + joining.tsih()
                        + " already has " + joining.connectionCount() + " connection(s)");
            }
            session = joining;
        } else {
            session = sessions.open(sessionKey(request), sessionType, target, parameters, request.cmdSN(),
                    portalGroupTag, portal.relativeTargetPortId(), eventLoop);
        }
        LoginResponse response = new LoginResponse(true, false, request.currentStage(),
                LoginStage.FULL_FEATURE_PHASE, VERSION, VERSION, request.isid(), session.tsih(),
                request.initiatorTaskTag(), statSN, session.expCmdSN(), session.maxCmdSN(), 0, 0, encode(answers));
        return new LoginOutcome.Established(response, session, parameters);
    }

    private SessionKey sessionKey(LoginRequest request) {
        return new SessionKey(initiatorName, request.isid(), target == null ? null : target.name());
    }

    private LoginOutcome fail(LoginRequest request, int statSN, LoginStatus status, String reason) {
        return new LoginOutcome.Failed(response(request, statSN, false, request.currentStage(), 0,
                Unpooled.EMPTY_BUFFER, status.statusClass() << 8 | status.detail()), status, reason);
    }

    private LoginResponse response(LoginRequest request, int statSN, boolean transit, int csg, int nsg,
                                   ByteBuf data, int status) {
        return new LoginResponse(transit, false, csg, nsg, VERSION, VERSION, request.isid(), 0,
                request.initiatorTaskTag(), statSN, request.cmdSN(), request.cmdSN(), status >> 8, status & 0xff,
                data);
    }

    private ByteBuf encode(List<TextParameter> answers) {
        if (answers.isEmpty()) {
            return Unpooled.EMPTY_BUFFER;
        }
        ByteBuf out = alloc.buffer();
        TextCodec.encode(answers, out);
        return out;
    }

    private static boolean offers(String list, String value) {
        for (String item : list.split(",")) {
            if (item.trim().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> value(List<TextParameter> keys, String key) {
        return keys.stream().filter(k -> k.key().equals(key)).map(TextParameter::value).findFirst();
    }

    private static TargetParameters withDigests(TargetParameters p, List<String> digests) {
        return new TargetParameters(p.maxConnections(), p.maxSessions(), p.initialR2T(), p.immediateData(),
                p.maxRecvDataSegmentLength(), p.maxXmitDataSegmentLength(), p.maxBurstLength(),
                p.firstBurstLength(), p.defaultTime2Wait(), p.defaultTime2Retain(), p.maxOutstandingR2T(),
                p.dataPduInOrder(), p.dataSequenceInOrder(), p.errorRecoveryLevel(), digests, digests, p.wthreads(),
                p.queuedCommands(), p.nopInterval(), p.nopTimeout());
    }
}
