package io.jiet.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.server.admin.AdminRequest.Operation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ControlProtocolTest {

    private static AdminRequest decode(String text) throws Exception {
        return ControlProtocol.decode(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<AdminRequest> requests() {
        Arbitrary<String> values = Arbitraries.strings().withCharRange(' ', '~').withChars('é', '=', ',')
                .ofMaxLength(40);
        return Combinators.combine(Arbitraries.of(Operation.class), Arbitraries.integers().between(-1, 70000),
                        Arbitraries.integers().between(-1, 16383), Arbitraries.longs(),
                        values.injectNull(0.3), values.injectNull(0.5), Arbitraries.integers().between(0, 63))
                .as((op, tid, lun, sid, params, redirect, flags) -> {
                    AdminRequest r = AdminRequest.of(op);
                    if (tid >= 0) {
                        r = r.withTid(tid);
                    }
                    if (lun >= 0) {
                        r = r.withLun(lun);
                    }
                    if ((flags & 1) != 0) {
                        r = r.withSid(sid).withCid(flags);
                    }
                    if (params != null) {
                        r = r.withParams(params);
                    }
                    if (redirect != null) {
                        r = r.withRedirect(redirect);
                    }
                    if ((flags & 2) != 0) {
                        r = r.withUser();
                    }
                    if ((flags & 4) != 0) {
                        r = r.withForce();
                    }
                    if ((flags & 8) != 0) {
                        r = r.withJson();
                    }
                    if ((flags & 16) != 0) {
                        r = r.withVolumes();
                    }
                    if ((flags & 32) != 0) {
                        r = r.withSessions();
                    }
                    return r;
                });
    }

    @Property
    void everyRequestSurvivesTheWire(@ForAll("requests") AdminRequest request) throws Exception {
        assertEquals(request, ControlProtocol.decode(new ByteArrayInputStream(ControlProtocol.encode(request))));
    }

    @Test
    void requestsAreVersionedKeyValueLinesEndedByAnEmptyLine() throws Exception {
        String wire = new String(ControlProtocol.encode(AdminRequest.of(Operation.NEW).withTid(0)
                .withParams("Name=iqn.2026-11.io.jiet:x")), StandardCharsets.UTF_8);
        assertEquals("JIETADM/1\nop=new\ntid=0\nparams=Name=iqn.2026-11.io.jiet:x\n\n", wire);
    }

    @Test
    void malformedRequestsAreRefusedWithAReason() {
        assertMalformed("HTTP/1.1\nop=show\n\n", "not a JIETADM/1 request");
        assertMalformed("JIETADM/1\nop=show\nshell=rm\n\n", "unknown request field shell");
        assertMalformed("JIETADM/1\nop=show\nop=new\n\n", "given twice");
        assertMalformed("JIETADM/1\ntid=1\n\n", "no operation");
        assertMalformed("JIETADM/1\nop=destroy\n\n", "unknown operation destroy");
        assertMalformed("JIETADM/1\nop=show\ntid=-1\n\n", "decimal number");
        assertMalformed("JIETADM/1\nop=show\ntid=99999999999\n\n", "decimal number");
        assertMalformed("JIETADM/1\nop=show\n", "ended early");
        assertMalformed("JIETADM/1\nop=show\nparams=" + "x".repeat(ControlProtocol.MAX_REQUEST_BYTES) + "\n\n",
                "longer than");
    }

    private static void assertMalformed(String text, String reason) {
        ControlProtocol.MalformedRequest e = assertThrows(ControlProtocol.MalformedRequest.class, () -> decode(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void valuesWithLineBreaksCannotBeSent() {
        assertThrows(IllegalArgumentException.class, () -> ControlProtocol.encode(
                AdminRequest.of(Operation.UPDATE).withTid(1).withParams("Alias=a\nop=delete")));
    }

    @Test
    void responsesCarryStatusAndText() throws Exception {
        for (AdminResponse r : new AdminResponse[] {AdminResponse.ok("tid:1 name:x\n\tlun:0\n"), AdminResponse.ok(""),
            AdminResponse.refused("target x has 1 active session(s)"), AdminResponse.badRequest("give --tid")}) {
            assertEquals(r, ControlProtocol.decodeResponse(new ByteArrayInputStream(ControlProtocol.encode(r))));
        }
        assertThrows(ControlProtocol.MalformedRequest.class,
                () -> ControlProtocol.decodeResponse(new ByteArrayInputStream(new byte[0])));
    }
}
