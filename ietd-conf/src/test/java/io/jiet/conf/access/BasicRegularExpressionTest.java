package io.jiet.conf.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IET compiled "^NAME$" with regcomp(…, REG_NOSUB): POSIX basic syntax, GNU extensions. */
class BasicRegularExpressionTest {

    private static boolean matches(String item, String name) {
        Optional<Pattern> p = BasicRegularExpression.compile("^" + item + "$");
        assertTrue(p.isPresent(), item);
        return p.get().matcher(name).find();
    }

    @ParameterizedTest
    @CsvSource({
        // item, initiator name, matches
        "iqn.1993-08.org.debian:01:.*,      iqn.1993-08.org.debian:01:abc123, true",
        "iqn.1993-08.org.debian:01:.*,      iqn.1993-08.org.debianX01:abc,    false",
        "iqn.1993-08.org.debian,            iqn.1993-08.org.debian:01:abc,    false",  // anchored at both ends
        "iqn.1991-05.com.microsoft:host[0-9],    iqn.1991-05.com.microsoft:host7,  true",
        "iqn.1991-05.com.microsoft:host[0-9],    iqn.1991-05.com.microsoft:host77, false",
        "iqn.1991-05.com.microsoft:host[0-9]*,   iqn.1991-05.com.microsoft:host77, true",
        "iqn.x:a+,                          iqn.x:a+,                         true",   // + is ordinary in a BRE
        "iqn.x:a+,                          iqn.x:aa,                         false",
        "iqn.x:a\\+,                        iqn.x:aaa,                        true",   // GNU \\+
        "iqn.x:a\\{2\\},                    iqn.x:aa,                         true",
        "iqn.x:a\\{2\\},                    iqn.x:aaa,                        false",
        "iqn.x:\\(db\\|web\\)[0-9],         iqn.x:web3,                       true",
        "iqn.x:(db),                        iqn.x:(db),                       true",   // ( ) are ordinary
        "iqn.x:[[:digit:]][[:alpha:]],      iqn.x:7q,                         true",
        "iqn.x:[^a-z],                      iqn.x:q,                          false",
        "iqn.x:[]a],                        iqn.x:],                          true",   // ] first is a member
        "iqn.x:a.b,                         iqn.x:a:b,                        true",
        "iqn.x:a\\.b,                       iqn.x:a:b,                        false",
        "*iqn.x,                            *iqn.x,                           true",   // leading * is literal
        "iqn.x:a|b,                         iqn.x:a|b,                        true",
        "^iqn.x,                            iqn.x,                            false",  // second ^ is literal
        "iqn.x$,                            iqn.x,                            false",  // first $ is literal
        "iqn.x:\\(a*\\)b\\1,                iqn.x:aabaa,                      true",   // back-reference
    })
    void basicSyntax(String item, String name, boolean expected) {
        assertEquals(expected, matches(item, name), () -> item + " → " + BasicRegularExpression.translate(
                "^" + item + "$"));
    }

    @Test
    void whatRegcompRefusesNeverMatches() {
        assertEquals(Optional.empty(), BasicRegularExpression.compile("^iqn.x:\\(a$"));
        assertEquals(Optional.empty(), BasicRegularExpression.compile("^iqn.x:[a$"));
        assertEquals(Optional.empty(), BasicRegularExpression.compile("^iqn.x:[[:word:]]$"));
        assertEquals(Optional.empty(), BasicRegularExpression.compile("iqn\\"));
    }

    @Test
    void ipv6ItemsAreHarmlessAsPatterns() {
        // Every initiators.allow item is tried as a name first; an address must not match a name by accident.
        assertEquals(false, matches("[fd00::1]/64", "iqn.1993-08.org.debian:01:f"));
        assertEquals(false, matches("10.0.0.0/8", "iqn.1993-08.org.debian:01:f"));
    }
}
