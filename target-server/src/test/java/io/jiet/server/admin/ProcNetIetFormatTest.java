package io.jiet.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcNetIetFormatTest {

    private static final String NAME = "iqn.2001-04.com.example:storage.disk1";

    private static TargetStatus reference() throws Exception {
        return new TargetStatus(1, NAME,
                List.of(new TargetStatus.Volume(0, 0, "fileio", "wt", 2097152, 512, Optional.of("/dev/vg0/disk1"))),
                List.of(new TargetStatus.SessionStatus(281474997486080L, "iqn.1993-08.org.debian:01:abc",
                        List.of(new TargetStatus.ConnectionStatus(0, InetAddress.getByName("127.0.0.1"), "active",
                                "none", "crc32c")))));
    }

    @Test
    void volumeAndSessionTextAreIetsProcFilesByteForByte() throws Exception {
        // The example of iet-reference.md, as IET 1.4.20's kernel printed it.
        assertEquals("tid:1 name:" + NAME + "\n"
                + "\tlun:0 state:0 iotype:fileio iomode:wt blocks:2097152 blocksize:512 path:/dev/vg0/disk1\n",
                ProcNetIetFormat.volumes(List.of(reference())));
        assertEquals("tid:1 name:" + NAME + "\n"
                + "\tsid:281474997486080 initiator:iqn.1993-08.org.debian:01:abc\n"
                + "\t\tcid:0 ip:127.0.0.1 state:active hd:none dd:crc32c\n",
                ProcNetIetFormat.sessions(List.of(reference())));
    }

    @Test
    void nullioHasNoPathAndTargetsWithoutSessionsKeepTheirLine() {
        TargetStatus t = new TargetStatus(3, "iqn.2026-11.io.jiet:n",
                List.of(new TargetStatus.Volume(5, 0, "nullio", "wb", 1000, 4096, Optional.empty())), List.of());
        assertEquals("tid:3 name:iqn.2026-11.io.jiet:n\n"
                + "\tlun:5 state:0 iotype:nullio iomode:wb blocks:1000 blocksize:4096\n",
                ProcNetIetFormat.volumes(List.of(t)));
        assertEquals("tid:3 name:iqn.2026-11.io.jiet:n\n", ProcNetIetFormat.sessions(List.of(t)));
    }

    @Test
    void ipv6AddressesAreBracketedInFullAsTheKernelsPi6() throws Exception {
        assertEquals("[0000:0000:0000:0000:0000:0000:0000:0001]",
                ProcNetIetFormat.address(InetAddress.getByName("::1")));
        assertEquals("[2001:0db8:0000:0000:0000:ff00:0042:8329]",
                ProcNetIetFormat.address(InetAddress.getByName("2001:db8::ff00:42:8329")));
    }

    @Test
    void jsonCarriesTheSameFieldsWithTheSidAsAString() throws Exception {
        assertEquals("{\"targets\":[{\"tid\":1,\"name\":\"" + NAME + "\",\"luns\":[{\"lun\":0,\"state\":0,"
                + "\"iotype\":\"fileio\",\"iomode\":\"wt\",\"blocks\":2097152,\"blocksize\":512,"
                + "\"path\":\"/dev/vg0/disk1\"}]}]}\n", JsonFormat.volumes(List.of(reference())));
        assertEquals("{\"targets\":[{\"tid\":1,\"name\":\"" + NAME + "\",\"sessions\":[{\"sid\":\"281474997486080\","
                + "\"tsih\":1,\"isid\":\"0x00023d010000\",\"initiator\":\"iqn.1993-08.org.debian:01:abc\","
                + "\"connections\":[{\"cid\":0,\"ip\":\"127.0.0.1\",\"state\":\"active\",\"hd\":\"none\","
                + "\"dd\":\"crc32c\"}]}]}]}\n", JsonFormat.sessions(List.of(reference())));
    }

    @Test
    void jsonStringsAreEscaped() {
        assertEquals("{\"lines\":[\"a\\\"b\\\\c\\n\\u0001\"]}\n", JsonFormat.lines("lines", List.of("a\"b\\c\n\u0001")));
    }
}
