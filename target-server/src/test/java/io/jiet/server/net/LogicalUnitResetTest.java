package io.jiet.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jiet.conf.IetdConfigParser;
import io.jiet.conf.PortalAddress;
import io.jiet.pdu.ScsiCommand;
import io.jiet.pdu.ScsiResponse;
import io.jiet.pdu.SenseSegment;
import io.jiet.pdu.TaskManagementRequest;
import io.jiet.pdu.TaskManagementResponse;
import io.jiet.server.JietDaemon;
import io.jiet.server.TestInitiator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LOGICAL UNIT RESET (RFC 7143 §11.5.1 function 5, SAM-5): function complete for a LUN that exists, "LUN does not
 * exist" otherwise, and afterwards every I_T nexus, the requester's included, sees UNIT ATTENTION 29/03 once.
 */
class LogicalUnitResetTest {

    private static final String TARGET = "iqn.2026-11.io.jiet:reset";

    private static TestInitiator login(JietDaemon daemon, long isid) throws IOException {
        TestInitiator initiator = new TestInitiator(daemon.boundPortals().getFirst());
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("InitiatorName", TestInitiator.INITIATOR_NAME);
        keys.put("TargetName", TARGET);
        assertEquals(0, initiator.login(isid, keys).statusClass());
        return initiator;
    }

    private static ScsiResponse testUnitReady(TestInitiator i) throws IOException {
        i.send(new ScsiCommand(false, true, false, false, 1, 0, i.itt++, 0, i.cmdSN++, i.expStatSN, new byte[16], 0,
                Unpooled.EMPTY_BUFFER));
        ScsiResponse response = assertInstanceOf(ScsiResponse.class, i.receive());
        i.expStatSN = response.statSN() + 1;
        return response;
    }

    private static TaskManagementResponse reset(TestInitiator i, long lun) throws IOException {
        i.send(new TaskManagementRequest(true, 5, lun, i.itt++, 0xffffffff, i.cmdSN, i.expStatSN, 0, 0,
                Unpooled.EMPTY_BUFFER));
        TaskManagementResponse response = assertInstanceOf(TaskManagementResponse.class, i.receive());
        i.expStatSN = response.statSN() + 1;
        return response;
    }

    private static void assertUnitAttention(ScsiResponse response, int asc, int ascq) {
        assertEquals(0x02, response.status(), "CHECK CONDITION");
        byte[] sense = SenseSegment.decode(response.data());
        int key = (sense[0] & 0x7f) == 0x72 ? sense[1] & 0x0f : sense[2] & 0x0f;
        int a = (sense[0] & 0x7f) == 0x72 ? sense[2] & 0xff : sense[12] & 0xff;
        int q = (sense[0] & 0x7f) == 0x72 ? sense[3] & 0xff : sense[13] & 0xff;
        assertEquals(0x06, key, "UNIT ATTENTION");
        assertEquals(asc, a);
        assertEquals(ascq, q);
    }

    @Test
    void resetGivesEveryNexusOneUnitAttention() throws Exception {
        var config = IetdConfigParser.parse("reset.conf", "Target " + TARGET + "\n    Lun 0 Type=nullio,Blocks=4096\n");
        try (JietDaemon daemon = JietDaemon.start(config, List.of(new PortalAddress("127.0.0.1", 0)));
             TestInitiator requester = login(daemon, 0x41L);
             TestInitiator bystander = login(daemon, 0x42L)) {
            assertEquals(0, testUnitReady(requester).status());
            assertEquals(0, testUnitReady(bystander).status());

            assertEquals(2, reset(requester, 0x0003_0000_0000_0000L).response(), "LUN 3 does not exist");
            assertEquals(0, testUnitReady(bystander).status(), "a refused reset changes nothing");

            assertEquals(0, reset(requester, 0).response(), "function complete");
            assertUnitAttention(testUnitReady(bystander), 0x29, 0x03);
            assertUnitAttention(testUnitReady(requester), 0x29, 0x03);
            assertEquals(0, testUnitReady(bystander).status(), "reported once");
            assertEquals(0, testUnitReady(requester).status());
        }
    }

    /**
     * The reset's response comes only after the other sessions' tasks were aborted: a command another session sends
     * right after it is a new task, answered (with the unit attention), never swallowed by a late abort. Repeated,
     * alternating the requester, because the two sessions' event loops race.
     */
    @Test
    void aCommandSentRightAfterTheResponseOnAnotherSessionIsAnswered() throws Exception {
        var config = IetdConfigParser.parse("reset.conf", "Target " + TARGET + "\n    Lun 0 Type=nullio,Blocks=4096\n");
        try (JietDaemon daemon = JietDaemon.start(config, List.of(new PortalAddress("127.0.0.1", 0)));
             TestInitiator first = login(daemon, 0x51L);
             TestInitiator second = login(daemon, 0x52L)) {
            first.socket().setSoTimeout(5_000);
            second.socket().setSoTimeout(5_000);
            assertEquals(0, testUnitReady(first).status()); // both nexuses known to the logical unit
            assertEquals(0, testUnitReady(second).status());
            for (int round = 0; round < 200; round++) {
                TestInitiator requester = round % 2 == 0 ? first : second;
                TestInitiator other = requester == first ? second : first;
                assertEquals(0, reset(requester, 0).response());
                assertUnitAttention(testUnitReady(other), 0x29, 0x03);
                assertUnitAttention(testUnitReady(requester), 0x29, 0x03);
                assertEquals(0, testUnitReady(other).status());
            }
        }
    }
}
