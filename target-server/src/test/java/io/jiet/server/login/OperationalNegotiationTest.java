package io.jiet.server.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.conf.TargetParameters;
import io.jiet.pdu.TextParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationalNegotiationTest {

    /** The keys libiscsi 1.19 offers in its single operational login PDU. */
    private static final List<TextParameter> LIBISCSI_OFFER = List.of(
            p("HeaderDigest", "None,CRC32C"), p("DataDigest", "None"), p("InitialR2T", "No"),
            p("ImmediateData", "Yes"), p("MaxBurstLength", "262144"), p("FirstBurstLength", "262144"),
            p("DefaultTime2Wait", "2"), p("DefaultTime2Retain", "0"), p("MaxOutstandingR2T", "1"),
            p("ErrorRecoveryLevel", "0"), p("IFMarker", "No"), p("OFMarker", "No"), p("MaxConnections", "1"),
            p("MaxRecvDataSegmentLength", "262144"), p("DataPDUInOrder", "Yes"), p("DataSequenceInOrder", "Yes"));

    private static TextParameter p(String k, String v) {
        return new TextParameter(k, v);
    }

    private static Map<String, String> asMap(List<TextParameter> answers) {
        Map<String, String> m = new LinkedHashMap<>();
        answers.forEach(a -> m.put(a.key(), a.value()));
        return m;
    }

    @Test
    void answersEveryOfferedKeyWithIetDefaults() {
        OperationalNegotiation n = new OperationalNegotiation(TargetParameters.IET_DEFAULTS, SessionType.NORMAL);
        Map<String, String> a = asMap(n.respond(LIBISCSI_OFFER));
        assertEquals(LIBISCSI_OFFER.size(), a.size(), "every key answered exactly once");
        assertEquals("None", a.get("HeaderDigest"));
        assertEquals("Yes", a.get("InitialR2T"), "OR with the target's Yes");
        assertEquals("Yes", a.get("ImmediateData"));
        assertEquals("262144", a.get("MaxBurstLength"));
        assertEquals("65536", a.get("FirstBurstLength"), "min with IET's 65536");
        assertEquals("0", a.get("DefaultTime2Retain"));
        assertEquals("8192", a.get("MaxRecvDataSegmentLength"), "declares the target's own limit");
        NegotiatedParameters r = n.result();
        assertEquals(8192, r.maxXmitDataSegmentLength(), "capped by IET's MaxXmitDataSegmentLength");
        assertEquals(8192, r.maxRecvDataSegmentLength());
        assertEquals(65536, r.firstBurstLength());
        assertTrue(r.initialR2T());
        assertFalse(r.headerDigest());
        assertTrue(n.pendingDeclarations().isEmpty(), "MaxRecvDataSegmentLength already declared");
    }

    @Test
    void crc32cOnlyTargetChoosesCrc32cFromTheInitiatorsList() {
        TargetParameters d = TargetParameters.IET_DEFAULTS;
        TargetParameters crcOnly = new TargetParameters(d.maxConnections(), d.maxSessions(), d.initialR2T(),
                d.immediateData(), d.maxRecvDataSegmentLength(), d.maxXmitDataSegmentLength(), d.maxBurstLength(),
                d.firstBurstLength(), d.defaultTime2Wait(), d.defaultTime2Retain(), d.maxOutstandingR2T(),
                d.dataPduInOrder(), d.dataSequenceInOrder(), d.errorRecoveryLevel(), List.of("CRC32C"),
                List.of("CRC32C"), d.wthreads(), d.queuedCommands(), d.nopInterval(), d.nopTimeout());
        OperationalNegotiation n = new OperationalNegotiation(crcOnly, SessionType.NORMAL);
        Map<String, String> a = asMap(n.respond(List.of(p("HeaderDigest", "None,CRC32C"),
                p("DataDigest", "None"))));
        assertEquals("CRC32C", a.get("HeaderDigest"));
        assertEquals("Reject", a.get("DataDigest"), "no common value");
        assertTrue(n.result().headerDigest());
        assertFalse(n.result().dataDigest());
    }

    @Test
    void badValuesAreRejectedAndUnknownKeysNotUnderstood() {
        OperationalNegotiation n = new OperationalNegotiation(TargetParameters.IET_DEFAULTS, SessionType.NORMAL);
        Map<String, String> a = asMap(n.respond(List.of(p("MaxBurstLength", "12"), p("InitialR2T", "yes"),
                p("X-com.example.Foo", "1"), p("MaxRecvDataSegmentLength", "abc"))));
        assertEquals("Reject", a.get("MaxBurstLength"));
        assertEquals("Reject", a.get("InitialR2T"), "Yes/No values are case-sensitive (RFC 7143 §6.2)");
        assertEquals("NotUnderstood", a.get("X-com.example.Foo"));
        assertEquals("Reject", a.get("MaxRecvDataSegmentLength"));
        assertEquals(262144, n.result().maxBurstLength(), "a rejected offer leaves the default");
    }

    @Test
    void discoverySessionsAnswerSessionKeysIrrelevant() {
        OperationalNegotiation n = new OperationalNegotiation(TargetParameters.IET_DEFAULTS,
                SessionType.DISCOVERY);
        Map<String, String> a = asMap(n.respond(List.of(p("MaxBurstLength", "262144"), p("InitialR2T", "No"),
                p("DefaultTime2Wait", "5"), p("MaxRecvDataSegmentLength", "65536"))));
        assertEquals("Irrelevant", a.get("MaxBurstLength"));
        assertEquals("Irrelevant", a.get("InitialR2T"));
        assertEquals("5", a.get("DefaultTime2Wait"), "max of both sides");
        assertEquals(8192, n.result().maxXmitDataSegmentLength());
    }

    @Test
    void targetDeclaresItsReceiveLimitWhenTheInitiatorDoesNot() {
        OperationalNegotiation n = new OperationalNegotiation(TargetParameters.IET_DEFAULTS, SessionType.NORMAL);
        n.respond(List.of(p("HeaderDigest", "None")));
        assertEquals(List.of(p("MaxRecvDataSegmentLength", "8192")), n.pendingDeclarations());
        assertEquals(8192, n.result().maxXmitDataSegmentLength(), "RFC default for an undeclared initiator");
    }
}
