package io.jiet.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnitAttentionsTest {

    private static final ItNexus A = new ItNexus("iqn.a,i,0x1", "iqn.t,t,0x1", 1, 1);
    private static final ItNexus B = new ItNexus("iqn.b,i,0x1", "iqn.t,t,0x1", 1, 1);

    @Test
    void conditionsReachKnownNexusesOncePerCodeOldestFirst() {
        UnitAttentions ua = new UnitAttentions();
        assertFalse(ua.anyPending());
        ua.establishForAll(Sense.POWER_ON_OCCURRED);
        assertEquals(Optional.empty(), ua.take(A), "unknown nexuses get nothing");
        ua.seen(B);
        ua.establishForAll(Sense.POWER_ON_OCCURRED);
        ua.establishForAll(Sense.MODE_PARAMETERS_CHANGED);
        ua.establishForAll(Sense.POWER_ON_OCCURRED.withInformation(5));
        assertTrue(ua.anyPending());
        assertEquals(Sense.POWER_ON_OCCURRED, ua.peek(A).orElseThrow());
        assertEquals(Sense.POWER_ON_OCCURRED, ua.take(A).orElseThrow());
        assertEquals(Sense.MODE_PARAMETERS_CHANGED, ua.take(A).orElseThrow());
        assertEquals(Optional.empty(), ua.take(A));
        ua.clear(B, Sense.POWER_ON_OCCURRED);
        assertEquals(Sense.MODE_PARAMETERS_CHANGED, ua.take(B).orElseThrow());
        assertFalse(ua.anyPending());
    }

    @Test
    void othersForgetAndTheQueueLimit() {
        UnitAttentions ua = new UnitAttentions();
        ua.seen(A);
        ua.seen(B);
        ua.establishForOthers(A, Sense.RESERVATIONS_PREEMPTED);
        assertEquals(Optional.empty(), ua.take(A));
        ua.forget(B);
        assertFalse(ua.anyPending(), "forgetting a nexus drops its conditions");
        for (int i = 0; i < 20; i++) {
            ua.establish(A, Sense.of(SenseKey.UNIT_ATTENTION, 0x2A, i));
        }
        int taken = 0;
        while (ua.take(A).isPresent()) {
            taken++;
        }
        assertEquals(UnitAttentions.QUEUE_LIMIT, taken);
    }
}
