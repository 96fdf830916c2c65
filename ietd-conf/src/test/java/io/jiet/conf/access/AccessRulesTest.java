package io.jiet.conf.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IET 1.4.20's initiators.allow / targets.allow / initiators.deny decisions, and re-reading on change. */
class AccessRulesTest {
    private static final String ARRAY = "iqn.2026-11.io.jiet:array";
    private static final String OTHER = "iqn.2026-11.io.jiet:other";
    private static final String DEBIAN = "iqn.1993-08.org.debian:01:abc";
    private static final String WINDOWS = "iqn.1991-05.com.microsoft:host7";

    @TempDir
    Path etc;
    Path iet;
    final List<String> remarks = new ArrayList<>();
    AccessRules rules;

    @BeforeEach
    void layout() throws IOException {
        iet = Files.createDirectory(etc.resolve("iet"));
        rules = AccessRules.in(List.of(iet, etc), remarks::add);
    }

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    /** Writes a file dated in the past, so that the cache may keep it. */
    private static void write(Path file, String text, int secondsAgo) throws IOException {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
    }

    private void allow(String text) throws IOException {
        write(iet.resolve(AccessRules.INITIATORS_ALLOW), text, 60);
    }

    @Test
    void noFilesAllowEverything() {
        AccessDecision d = rules.checkInitiator(ARRAY, DEBIAN, ip("192.0.2.9"));
        assertTrue(d.allowed());
        assertEquals("no initiators.allow in [" + iet + ", " + etc + "]", d.reason());
        assertTrue(rules.targetVisible(ARRAY, ip("192.0.2.1")));
        assertEquals(List.of(), remarks);
    }

    @Test
    void aFileWithoutALineForTheTargetDenies() throws IOException {
        allow("# only the other target is restricted\n" + OTHER + " ALL\n");
        AccessDecision d = rules.checkInitiator(ARRAY, DEBIAN, ip("10.0.0.5"));
        assertFalse(d.allowed());
        assertEquals(iet.resolve("initiators.allow") + " has no line for " + ARRAY + " or ALL (" + DEBIAN
                + " from 10.0.0.5)", d.reason());
        assertTrue(rules.initiatorAllowed(OTHER, DEBIAN, ip("10.0.0.5")));
    }

    @Test
    void theFirstLineForTheTargetDecidesEvenWhenItDoesNotMatch() throws IOException {
        allow(ARRAY + " 10.0.0.1\nALL ALL\n" + ARRAY + " 10.0.0.5\n");
        AccessDecision d = rules.checkInitiator(ARRAY, DEBIAN, ip("10.0.0.5"));
        assertFalse(d.allowed(), "line 1 decides; IET stopped at the first line for the target");
        assertEquals(iet.resolve("initiators.allow") + ":1 (" + ARRAY + ") lists neither " + DEBIAN + " nor"
                + " 10.0.0.5 (" + DEBIAN + " from 10.0.0.5)", d.reason());
        assertTrue(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.1")));
        assertTrue(rules.initiatorAllowed(OTHER, DEBIAN, ip("10.0.0.5")), "ALL on line 2 for other targets");
    }

    @Test
    void anAllLineBeforeTheTargetLineWins() throws IOException {
        allow("ALL 192.168.0.0/16\n" + ARRAY + " ALL\n");
        assertFalse(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.5")));
        AccessDecision d = rules.checkInitiator(ARRAY, DEBIAN, ip("192.168.44.3"));
        assertTrue(d.allowed());
        assertEquals(iet.resolve("initiators.allow") + ":1 (ALL) item 192.168.0.0/16 allows " + DEBIAN
                + " from 192.168.44.3", d.reason());
    }

    @Test
    void namesAreAnchoredPatterns() throws IOException {
        allow(ARRAY + " iqn.1993-08.org.debian:01:.*, iqn.1991-05.com.microsoft:host[0-9]\n");
        assertTrue(rules.initiatorAllowed(ARRAY, DEBIAN, ip("203.0.113.7")));
        assertTrue(rules.initiatorAllowed(ARRAY, WINDOWS, ip("203.0.113.7")));
        assertFalse(rules.initiatorAllowed(ARRAY, WINDOWS + "7", ip("203.0.113.7")), "anchored at the end");
        assertFalse(rules.initiatorAllowed(ARRAY, "x" + DEBIAN, ip("203.0.113.7")), "anchored at the start");
    }

    @Test
    void targetNamesCompareCaseInsensitively() throws IOException {
        allow("IQN.2026-11.IO.JIET:ARRAY 10.0.0.1\n");
        assertTrue(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.1")));
        assertFalse(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.2")));
    }

    @Test
    void ipv6AndNetworks() throws IOException {
        allow(ARRAY + " [fd00:10::]/32, [::1], 10.20.0.0/16\n");
        assertTrue(rules.initiatorAllowed(ARRAY, DEBIAN, ip("fd00:10:ffff::1")));
        assertTrue(rules.initiatorAllowed(ARRAY, DEBIAN, ip("::1")));
        assertTrue(rules.initiatorAllowed(ARRAY, DEBIAN, ip("::ffff:10.20.3.4")));
        assertFalse(rules.initiatorAllowed(ARRAY, DEBIAN, ip("fd00:11::1")));
        assertFalse(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.21.0.1")));
    }

    @Test
    void targetsAllowFiltersByPortalAddress() throws IOException {
        write(iet.resolve(AccessRules.TARGETS_ALLOW), ARRAY + " 127.0.0.1, [::1]\nALL 10.0.0.0/8\n", 60);
        assertTrue(rules.targetVisible(ARRAY, ip("127.0.0.1")));
        assertFalse(rules.targetVisible(ARRAY, ip("127.0.0.2")));
        AccessDecision d = rules.checkTarget(ARRAY, ip("10.0.0.1"));
        assertFalse(d.allowed(), "the array's own line decides, not the ALL line after it");
        assertEquals(iet.resolve("targets.allow") + ":1 (" + ARRAY + ") lists neither 10.0.0.1 (portal 10.0.0.1)",
                d.reason());
        assertTrue(rules.targetVisible(OTHER, ip("10.9.9.9")));
        assertFalse(rules.targetVisible(OTHER, ip("127.0.0.1")));
        assertTrue(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.1")), "targets.allow is not about initiators");
    }

    @Test
    void namePatternsDoNotCountInTargetsAllow() throws IOException {
        write(iet.resolve(AccessRules.TARGETS_ALLOW), ARRAY + " .*\n", 60);
        assertFalse(rules.targetVisible(ARRAY, ip("127.0.0.1")));
    }

    @Test
    void theFirstDirectoryHoldingAFileWins() throws IOException {
        write(etc.resolve(AccessRules.INITIATORS_ALLOW), "ALL 10.0.0.1\n", 60);
        assertTrue(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.1")), "falls back to /etc when /etc/iet has none");
        assertFalse(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.2")));
        allow("ALL 10.0.0.2\n");
        assertTrue(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.2")), "/etc/iet wins once it has the file");
        assertFalse(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.1")));
        Files.delete(iet.resolve(AccessRules.INITIATORS_ALLOW));
        assertTrue(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.1")), "deleting it falls back again");
    }

    @Test
    void anUnreadableFileRefuses() throws IOException {
        Files.createDirectory(iet.resolve(AccessRules.INITIATORS_ALLOW)); // reading a directory fails, even as root
        AccessDecision d = rules.checkInitiator(ARRAY, DEBIAN, ip("10.0.0.1"));
        assertFalse(d.allowed());
        assertTrue(d.reason().startsWith(iet.resolve("initiators.allow") + " cannot be read ("), d.reason());
        assertTrue(d.reason().endsWith("); refusing"), d.reason());
        assertEquals(1, remarks.size());
    }

    @Test
    void theLegacyDenyFileRefusesOnlyWhatAllowDoesNotList() throws IOException {
        write(iet.resolve(AccessRules.INITIATORS_DENY), ARRAY + " ALL\n", 60);
        allow(ARRAY + " 10.0.0.1\n");
        assertTrue(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.1")));
        AccessDecision denied = rules.checkInitiator(ARRAY, DEBIAN, ip("10.0.0.2"));
        assertFalse(denied.allowed());
        assertTrue(denied.reason().startsWith(iet.resolve("initiators.deny") + ":1 (" + ARRAY + ") item ALL denies"),
                denied.reason());
        // With a deny file, an initiator its lines do not match is allowed even where initiators.allow has no line.
        assertTrue(rules.initiatorAllowed(OTHER, DEBIAN, ip("10.0.0.2")));
        assertTrue(remarks.stream().anyMatch(r -> r.contains("initiators.deny is deprecated")), remarks.toString());
    }

    @Test
    void anUnchangedFileIsReadOnce() throws IOException {
        allow("ALL 10.0.0.0/33\n"); // one remark per read
        for (int i = 0; i < 5; i++) {
            assertFalse(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.1")));
        }
        assertEquals(1, remarks.size(), remarks.toString());
    }

    @Test
    void aChangedFileIsReadAgain() throws IOException {
        Path file = iet.resolve(AccessRules.INITIATORS_ALLOW);
        write(file, "ALL 10.0.0.1\n", 120);
        assertTrue(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.1")));
        write(file, "ALL 10.0.0.2\n", 60); // same size, new time
        assertFalse(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.1")));
        assertTrue(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.2")));
        Path replacement = iet.resolve("new");
        write(replacement, "ALL 10.0.0.3\n", 60); // same size and time, other inode: an editor's rename
        Files.setLastModifiedTime(replacement, Files.getLastModifiedTime(file));
        Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.3")));
    }

    @Test
    void aFreshlyWrittenFileIsReadOnEveryCallUntilItIsOlder() throws IOException {
        Path file = iet.resolve(AccessRules.INITIATORS_ALLOW);
        Files.writeString(file, "ALL 10.0.0.0/33\n"); // modified now: inside the racy window
        rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.1"));
        rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.1"));
        assertEquals(2, remarks.size(), "re-read while a same-second rewrite could go unnoticed");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(30)));
        rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.1"));
        rules.initiatorAllowed(ARRAY, DEBIAN, ip("10.0.0.1"));
        assertEquals(3, remarks.size(), "then cached");
    }

    @Test
    void standardLooksInEtcIetThenEtc() {
        assertEquals(List.of(Path.of("/etc/iet"), Path.of("/etc")), AccessRules.IET_DIRECTORIES);
    }
}
