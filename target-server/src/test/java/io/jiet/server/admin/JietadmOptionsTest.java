package io.jiet.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jiet.server.admin.AdminRequest.Operation;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.cli.ParseException;
import org.junit.jupiter.api.Test;

class JietadmOptionsTest {

    private static AdminRequest parse(String... args) throws ParseException {
        return JietadmOptions.parse(args).request();
    }

    @Test
    void ietadmSpellingsAllWork() throws ParseException {
        AdminRequest expected = AdminRequest.of(Operation.NEW).withTid(2).withLun(0)
                .withParams("Path=/dev/sdb,Type=blockio");
        assertEquals(expected, parse("--op", "new", "--tid=2", "--lun=0", "--params", "Path=/dev/sdb,Type=blockio"));
        assertEquals(expected, parse("--op=new", "--tid", "2", "--lun", "0", "--params=Path=/dev/sdb,Type=blockio"));
        assertEquals(expected, parse("-o", "new", "-t", "2", "-l", "0", "-p", "Path=/dev/sdb,Type=blockio"));
    }

    @Test
    void sessionsConnectionsAccountsAndFlags() throws ParseException {
        assertEquals(AdminRequest.of(Operation.DELETE).withTid(1).withSid(281474997486080L).withCid(0),
                parse("--op", "delete", "--tid=1", "--sid=281474997486080", "--cid=0"));
        assertEquals(AdminRequest.of(Operation.NEW).withUser().withParams("IncomingUser=joe,Password=secret"),
                parse("--op", "new", "--user", "--params=IncomingUser=joe,Password=secret"));
        assertEquals(AdminRequest.of(Operation.SHOW).withSessions().withJson(),
                parse("--op", "show", "--sessions", "--json"));
        assertEquals(AdminRequest.of(Operation.DELETE).withTid(3).withForce(), parse("--op", "delete", "--tid=3",
                "--force"));
    }

    @Test
    void anEmptyRedirectClearsIt() throws ParseException {
        assertEquals(Optional.of(""), parse("--op", "update", "--tid=1", "--redirect=").redirect());
        assertEquals(Optional.of(""), parse("--op", "update", "--tid=1", "--redirect", "").redirect());
        assertEquals(Optional.of("10.0.0.2:3261"), parse("--op", "update", "--tid=1", "--redirect=10.0.0.2:3261")
                .redirect());
    }

    @Test
    void controlPathDefaultsToRunJiet() throws ParseException {
        assertEquals(Path.of("/run/jiet/jietd.sock"), JietadmOptions.parse(new String[] {"--op", "show"}).control());
        assertEquals(Path.of("/tmp/x.sock"),
                JietadmOptions.parse(new String[] {"--op", "show", "--control", "/tmp/x.sock"}).control());
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThrows(ParseException.class, () -> parse("--tid=1"));
        assertThrows(ParseException.class, () -> parse("--op", "remove"));
        assertThrows(ParseException.class, () -> parse("--op", "show", "--tid=one"));
        assertThrows(ParseException.class, () -> parse("--op", "show", "--sid=-5"));
        ParseException stray = assertThrows(ParseException.class, () -> parse("--op", "show", "extra"));
        assertTrue(stray.getMessage().contains("extra"));
        assertThrows(ParseException.class, () -> parse("--op", "show", "--bogus"));
    }
}
