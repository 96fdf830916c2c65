package io.jiet.alua;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ReportTargetPortGroupsTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Issue 5's example: group 1 active/optimized, preferred, port 1; group 2 active/non-optimized, port 2. */
    private static List<TargetPortGroup> issueExample() {
        return List.of(
                new TargetPortGroup(2, AluaState.ACTIVE_NONOPTIMIZED, false, List.of(2), StatusCode.NO_STATUS),
                new TargetPortGroup(1, AluaState.ACTIVE_OPTIMIZED, true, List.of(1), StatusCode.NO_STATUS));
    }

    @Test
    void lengthOnlyFormatByteForByte() {
        byte[] data = ReportTargetPortGroups.encode(issueExample(), SupportedStates.ALL,
                ReportTargetPortGroups.Format.LENGTH_ONLY, 0);
        // RETURN DATA LENGTH 18h = 28 - 4; descriptors sorted by group id.
        assertEquals("00000018"
                + "80cf0001" + "00000001" + "00000001"
                + "01cf0002" + "00000001" + "00000002", HEX.formatHex(data));
    }

    @Test
    void extendedFormatCarriesFormatTypeAndImplicitTransitionTime() {
        byte[] data = ReportTargetPortGroups.encode(issueExample(), SupportedStates.ALL,
                ReportTargetPortGroups.Format.EXTENDED, 5);
        // RETURN DATA LENGTH 1Ch counts bytes 4..31, the extended header's second word included.
        assertEquals("0000001c" + "10050000"
                + "80cf0001" + "00000001" + "00000001"
                + "01cf0002" + "00000001" + "00000002", HEX.formatHex(data));
    }

    @Test
    void statusCodeAndSeveralPortsInOneDescriptor() {
        TargetPortGroup g = new TargetPortGroup(7, AluaState.STANDBY, false, List.of(3, 0x0104),
                StatusCode.ALTERED_BY_SET_TARGET_PORT_GROUPS);
        byte[] data = ReportTargetPortGroups.encode(List.of(g), SupportedStates.ALL,
                ReportTargetPortGroups.Format.LENGTH_ONLY, 0);
        assertEquals("00000010" + "02cf0007" + "00010002" + "00000003" + "00000104", HEX.formatHex(data));
    }

    @Test
    void cdbFormatAndAllocationLength() {
        byte[] cdb = {(byte) 0xA3, 0x2A, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0};
        assertEquals(Optional.of(ReportTargetPortGroups.Format.EXTENDED), ReportTargetPortGroups.Format.fromCdb(cdb));
        assertEquals(4096, ReportTargetPortGroups.allocationLength(cdb));
        cdb[1] = 0x0A;
        assertEquals(Optional.of(ReportTargetPortGroups.Format.LENGTH_ONLY),
                ReportTargetPortGroups.Format.fromCdb(cdb));
        cdb[1] = 0x4A; // PARAMETER DATA FORMAT 010b is reserved
        assertEquals(Optional.empty(), ReportTargetPortGroups.Format.fromCdb(cdb));
    }

    /** Whatever the groups, a reader written like Linux alua_rtpg / sg_rtpg gets them back in both formats. */
    @Property(tries = 200)
    void hostReaderRecoversEveryGroup(@ForAll("groupSets") List<TargetPortGroup> groups, @ForAll boolean extended,
                                      @ForAll("seconds") int transition) {
        ReportTargetPortGroups.Format format = extended ? ReportTargetPortGroups.Format.EXTENDED
                : ReportTargetPortGroups.Format.LENGTH_ONLY;
        byte[] data = ReportTargetPortGroups.encode(groups, SupportedStates.ALL, format, transition);
        HostView view = HostView.read(data);
        assertEquals(extended ? Optional.of(transition) : Optional.empty(), view.transitionSeconds());
        TreeMap<Integer, TargetPortGroup> expected = new TreeMap<>();
        groups.forEach(g -> expected.put(g.id(), g));
        assertEquals(List.copyOf(expected.values()), view.groups());
    }

    @Provide
    Arbitrary<Integer> seconds() {
        return Arbitraries.integers().between(0, 255);
    }

    @Provide
    Arbitrary<List<TargetPortGroup>> groupSets() {
        Arbitrary<TargetPortGroup> group = Combinators.combine(
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.of(AluaState.class),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(1, 0xFFFF).list().ofMaxSize(6),
                Arbitraries.of(StatusCode.class)).as(TargetPortGroup::new);
        return group.list().ofMinSize(1).ofMaxSize(5).uniqueElements(TargetPortGroup::id);
    }

    /** What a host parses out of RTPG data, following scsi_dh_alua.c alua_rtpg and sg3_utils sg_rtpg.c. */
    record HostView(Optional<Integer> transitionSeconds, List<TargetPortGroup> groups) {
        static HostView read(byte[] b) {
            int len = be32(b, 0) + 4;
            assertEquals(b.length, len, "RETURN DATA LENGTH + 4 is the whole response");
            int k = 4;
            Optional<Integer> seconds = Optional.empty();
            if ((b[4] & 0x70) == 0x10) {
                seconds = Optional.of(b[5] & 0xFF);
                k = 8;
            }
            List<TargetPortGroup> out = new ArrayList<>();
            while (k < len) {
                int count = b[k + 7] & 0xFF;
                List<Integer> ports = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    ports.add(((b[k + 8 + 4 * i + 2] & 0xFF) << 8) | (b[k + 8 + 4 * i + 3] & 0xFF));
                }
                assertEquals(0xCF, b[k + 1] & 0xFF);
                int statusCode = b[k + 5] & 0xFF;
                StatusCode status = Set.of(StatusCode.values()).stream()
                        .filter(s -> s.code() == statusCode).findFirst().orElseThrow();
                out.add(new TargetPortGroup(((b[k + 2] & 0xFF) << 8) | (b[k + 3] & 0xFF),
                        AluaState.fromCode(b[k] & 0x0F).orElseThrow(), (b[k] & 0x80) != 0, ports, status));
                k += 8 + 4 * count;
            }
            return new HostView(seconds, out);
        }

        private static int be32(byte[] b, int at) {
            return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
        }
    }

    @Test
    void encodeRejectsAnImpossibleTransitionTime() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ReportTargetPortGroups.encode(issueExample(), SupportedStates.ALL,
                        ReportTargetPortGroups.Format.EXTENDED, 256));
        assertArrayEquals(new byte[] {0, 0, 0, 0}, ReportTargetPortGroups.encode(List.of(), SupportedStates.ALL,
                ReportTargetPortGroups.Format.LENGTH_ONLY, 0));
    }
}
