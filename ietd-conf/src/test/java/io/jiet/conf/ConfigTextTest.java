package io.jiet.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTextTest {

    @Test
    void wordsCommentsAndBlankLines() {
        List<Statement> statements = ConfigText.statements("""
                # comment
                \t
                  IncomingUser  joe\tse#cret   # trailing
                #Target iqn.x
                Target iqn.y#z
                """);
        assertEquals(List.of(
                new Statement(3, "IncomingUser", List.of("joe", "se#cret")),
                new Statement(5, "Target", List.of("iqn.y#z"))), statements);
    }

    @Test
    void continuationJoinsWordsAndKeepsTheFirstLineNumber() {
        List<Statement> statements = ConfigText.statements(
                "\nLun 0 Path=/a,\\\n     Type=fileio\nMaxBurstLength \\\n\t1048576\nAlias a\\\n");
        assertEquals(List.of(
                new Statement(2, "Lun", List.of("0", "Path=/a,Type=fileio")),
                new Statement(4, "MaxBurstLength", List.of("1048576")),
                new Statement(6, "Alias", List.of("a"))), statements);
    }

    @Test
    void aBackslashInsideACommentDoesNotContinue() {
        assertEquals(List.of(new Statement(1, "Wthreads", List.of("4")), new Statement(2, "Wthreads", List.of("5"))),
                ConfigText.statements("Wthreads 4 # see C:\\\nWthreads 5"));
    }

    @Test
    void crlfAndOldMacLineEnds() {
        assertEquals(List.of(new Statement(1, "A", List.of("1")), new Statement(2, "B", List.of()),
                        new Statement(3, "C", List.of()), new Statement(4, "D", List.of())),
                ConfigText.statements("A 1\r\nB\r\nC\rD"));
    }
}
