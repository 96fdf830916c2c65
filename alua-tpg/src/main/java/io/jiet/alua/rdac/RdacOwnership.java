package io.jiet.alua.rdac;

import io.jiet.alua.SenseCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which target port group (RDAC controller) owns each logical unit of an RDAC personality, and what that means for
 * media access. Every LUN starts owned by its preferred group. In plain RDAC mode (no I/O shipping) a media-access
 * command through a group that does not own the LUN fails with 05/94/01, which Linux scsi_dh_rdac
 * (rdac_check_sense) answers by marking the path passive; with I/O shipping every group serves it.
 *
 * <p>Threading: thread-safe; owners live in a concurrent map, a transfer of several LUNs is not atomic as a whole.
 */
public final class RdacOwnership {

    /** A LUN moved from one group to another. */
    public record Transfer(int lun, int fromGroup, int toGroup) {
    }

    private final int preferredGroup;
    private final Set<Integer> groups;
    private final boolean ioShipping;
    private final Map<Integer, Integer> owners = new ConcurrentHashMap<>();

    /**
     * @param preferredGroup the group that owns every LUN at start and that VPD 0xC9 reports as the preferred path
     * @param groups every group id of the target
     */
    public RdacOwnership(int preferredGroup, Set<Integer> groups, boolean ioShipping) {
        if (!groups.contains(preferredGroup)) {
            throw new IllegalArgumentException("preferred group " + preferredGroup + " is not among " + groups);
        }
        this.preferredGroup = preferredGroup;
        this.groups = Set.copyOf(groups);
        this.ioShipping = ioShipping;
    }

    public boolean ioShipping() {
        return ioShipping;
    }

    public int preferredGroup() {
        return preferredGroup;
    }

    public int owner(int lun) {
        return owners.getOrDefault(lun, preferredGroup);
    }

    /** Makes {@code group} the owner of {@code lun}; empty when it already was. */
    public Optional<Transfer> transfer(int lun, int group) {
        if (!groups.contains(group)) {
            throw new IllegalArgumentException("unknown target port group " + group);
        }
        int before = owners.getOrDefault(lun, preferredGroup);
        owners.put(lun, group);
        return before == group ? Optional.empty() : Optional.of(new Transfer(lun, before, group));
    }

    /** The transfers a MODE SELECT of page 2Ch received through {@code group} asked for (those that moved). */
    public List<Transfer> transferAll(Collection<Integer> luns, int group) {
        List<Transfer> done = new ArrayList<>();
        for (int lun : luns) {
            transfer(lun, group).ifPresent(done::add);
        }
        return done;
    }

    /** Empty to execute the command received through {@code group}, else the sense to refuse it with. */
    public Optional<SenseCode> checkMediaAccess(int lun, int group, byte[] cdb) {
        if (ioShipping || owner(lun) == group || !isMediaAccess(cdb)) {
            return Optional.empty();
        }
        return Optional.of(SenseCode.RDAC_NOT_OWNER);
    }

    /** SBC-3 commands that read or write the medium (table "Commands for direct access block devices"). */
    static boolean isMediaAccess(byte[] cdb) {
        return switch (cdb[0] & 0xFF) {
            case 0x08, 0x28, 0xA8, 0x88 -> true;             // READ (6), (10), (12), (16)
            case 0x0A, 0x2A, 0xAA, 0x8A -> true;             // WRITE (6), (10), (12), (16)
            case 0x2E, 0xAE, 0x8E -> true;                   // WRITE AND VERIFY (10), (12), (16)
            case 0x2F, 0xAF, 0x8F -> true;                   // VERIFY (10), (12), (16)
            case 0x41, 0x93 -> true;                         // WRITE SAME (10), (16)
            case 0x35, 0x91 -> true;                         // SYNCHRONIZE CACHE (10), (16)
            case 0x34, 0x90 -> true;                         // PRE-FETCH (10), (16)
            case 0x42, 0x89 -> true;                         // UNMAP, COMPARE AND WRITE
            default -> false;
        };
    }
}
