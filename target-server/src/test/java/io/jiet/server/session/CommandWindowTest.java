package io.jiet.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CommandWindowTest {

    @Test
    void deliversInOrderAndHoldsCommandsBehindAGap() {
        CommandWindow<String> w = new CommandWindow<>(10, 8);
        assertEquals(CommandWindow.Admission.QUEUED, w.admit(12, "c12"));
        assertEquals(CommandWindow.Admission.QUEUED, w.admit(11, "c11"));
        assertEquals(List.of(), w.drainReady());
        assertEquals(CommandWindow.Admission.DELIVER_NOW, w.admit(10, "c10"));
        assertEquals(List.of("c11", "c12"), w.drainReady());
        assertEquals(13, w.expCmdSN());
    }

    @Test
    void ignoresCommandsOutsideTheWindowAndDuplicates() {
        CommandWindow<String> w = new CommandWindow<>(100, 4);
        assertEquals(103, w.maxCmdSN());
        assertEquals(CommandWindow.Admission.OUTSIDE_WINDOW, w.admit(104, "too high"));
        assertEquals(CommandWindow.Admission.OUTSIDE_WINDOW, w.admit(99, "too low"));
        assertEquals(CommandWindow.Admission.QUEUED, w.admit(102, "first"));
        assertEquals(CommandWindow.Admission.OUTSIDE_WINDOW, w.admit(102, "duplicate"));
        assertEquals(100, w.expCmdSN());
    }

    @Test
    void windowOpensOnlyAsCommandsFinish() {
        CommandWindow<String> w = new CommandWindow<>(0, 2);
        assertEquals(CommandWindow.Admission.DELIVER_NOW, w.admit(0, "a"));
        assertEquals(CommandWindow.Admission.DELIVER_NOW, w.admit(1, "b"));
        assertEquals(1, w.maxCmdSN(), "both slots busy: no new CmdSN admitted");
        assertEquals(CommandWindow.Admission.OUTSIDE_WINDOW, w.admit(2, "c"));
        w.finished();
        assertEquals(2, w.maxCmdSN());
        assertEquals(CommandWindow.Admission.DELIVER_NOW, w.admit(2, "c"));
    }

    @Test
    void wrapsAroundThe32BitSerialSpace() {
        CommandWindow<String> w = new CommandWindow<>(0xfffffffe, 4);
        assertEquals(CommandWindow.Admission.QUEUED, w.admit(0, "after wrap"));
        assertEquals(CommandWindow.Admission.DELIVER_NOW, w.admit(0xfffffffe, "a"));
        assertEquals(CommandWindow.Admission.DELIVER_NOW, w.admit(0xffffffff, "b"));
        assertEquals(List.of("after wrap"), w.drainReady());
        assertEquals(1, w.expCmdSN());
    }

    @Property
    void anyArrivalOrderInsideTheWindowIsDeliveredInCmdSNOrder(@ForAll int start,
                                                               @ForAll @IntRange(min = 1, max = 64) int count,
                                                               @ForAll java.util.Random random) {
        CommandWindow<Integer> w = new CommandWindow<>(start, count);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        List<Integer> delivered = new ArrayList<>();
        for (int i : order) {
            CommandWindow.Admission a = w.admit(start + i, i);
            if (a == CommandWindow.Admission.DELIVER_NOW) {
                delivered.add(i);
                delivered.addAll(w.drainReady());
            } else {
                assertEquals(CommandWindow.Admission.QUEUED, a);
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add(i);
        }
        assertEquals(expected, delivered);
        assertEquals(start + count, w.expCmdSN());
        int maxBefore = w.maxCmdSN();
        for (int i = 0; i < count; i++) {
            w.finished();
            assertTrue(SerialNumber.compare(w.maxCmdSN(), maxBefore) >= 0, "MaxCmdSN never decreases");
        }
        assertEquals(start + 2 * count - 1, w.maxCmdSN());
    }
}
