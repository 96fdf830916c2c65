package io.jiet.alua.rdac;

import io.jiet.alua.AluaState;
import io.jiet.alua.SenseCode;
import io.jiet.alua.TargetPortGroup;
import io.jiet.alua.TargetPortGroups;
import java.util.List;
import java.util.Optional;

/**
 * The RDAC face of a target whose LUs say {@code Rdac=yes}: each target port group plays one controller (the
 * lowest group id is controller 0, slot '1'; every other group controller 1, slot '2' — RDAC knows two), and the
 * vendor VPD pages, the redundant controller mode page and media-access checks are answered per receiving group.
 * Such LUs report TPGS = 0 in INQUIRY: Linux attaches scsi_dh_alua to any LU with TPGS != 0 before it consults the
 * RDAC vendor table.
 *
 * <p>The state bytes of VPD 0xC9 come from ownership unless the group's ALUA state is a fault (unavailable, offline,
 * transitioning), which is reported as is: owner active/optimized; non-owner active/non-optimized with I/O shipping,
 * standby without.
 *
 * <p>Threading: thread-safe (its parts are).
 */
public final class RdacPersonality {

    private final RdacArray array;
    private final TargetPortGroups groups;
    private final RdacOwnership ownership;

    public RdacPersonality(RdacArray array, TargetPortGroups groups, RdacOwnership ownership) {
        this.array = array;
        this.groups = groups;
        this.ownership = ownership;
    }

    public RdacArray array() {
        return array;
    }

    public RdacOwnership ownership() {
        return ownership;
    }

    /** 0 for the lowest group id, else 1. */
    public int controllerIndex(int groupId) {
        return groups.groups().getFirst().id() == groupId ? 0 : 1;
    }

    /** The serial the controller of {@code groupId} reports in the redundant controller page. */
    public String controllerSerial(int groupId) {
        return String.format("jiet-tpg-%05d", groupId);
    }

    /** The page for VPD page code {@code pageCode} when it is one of {@link RdacVpdPages#PAGE_CODES}. */
    public Optional<byte[]> vpdPage(int pageCode, RdacVolume volume, int receivingGroup) {
        return switch (pageCode) {
            case RdacVpdPages.SOFTWARE_VERSION -> Optional.of(RdacVpdPages.softwareVersion(array));
            case RdacVpdPages.SUBSYSTEM_IDENTIFIER ->
                    Optional.of(RdacVpdPages.subsystemIdentifier(array, controllerIndex(receivingGroup)));
            case RdacVpdPages.EXTENDED_DEVICE_IDENTIFICATION ->
                    Optional.of(RdacVpdPages.extendedDeviceIdentification(array, volume));
            case RdacVpdPages.VOLUME_ACCESS_CONTROL ->
                    Optional.of(RdacVpdPages.volumeAccessControl(volumeAccess(volume.lun(), receivingGroup)));
            default -> Optional.empty();
        };
    }

    /** What VPD 0xC9 reports for {@code lun} through {@code receivingGroup}. */
    public VolumeAccess volumeAccess(int lun, int receivingGroup) {
        int owner = ownership.owner(lun);
        int alternate = alternateOf(receivingGroup);
        return new VolumeAccess(owner == receivingGroup, ownership.ioShipping(),
                receivingGroup == ownership.preferredGroup(), reported(lun, receivingGroup),
                reported(lun, alternate));
    }

    /** The redundant controller page for MODE SENSE through {@code receivingGroup}. */
    public byte[] redundantControllerPage(RedundantControllerPage.Shape shape, int receivingGroup) {
        return RedundantControllerPage.encode(shape, controllerSerial(receivingGroup),
                controllerSerial(alternateOf(receivingGroup)), lun -> ownership.owner(lun) == receivingGroup);
    }

    /**
     * Serves a MODE SELECT parameter list received through {@code receivingGroup}. A page 2Ch moves the LUNs its
     * table marks 81h to that group; {@code OtherPage} leaves the list to the caller.
     */
    public ModeSelectResult modeSelect(byte[] parameterList, boolean modeSelect10, int receivingGroup) {
        RedundantControllerPage.Selection selection =
                RedundantControllerPage.decodeModeSelect(parameterList, modeSelect10);
        return switch (selection) {
            case RedundantControllerPage.Selection.Transfer t ->
                    new ModeSelectResult.Transferred(ownership.transferAll(t.luns(), receivingGroup));
            case RedundantControllerPage.Selection.OtherPage o -> new ModeSelectResult.NotRedundantControllerPage();
            case RedundantControllerPage.Selection.Invalid i -> new ModeSelectResult.Refused(i.sense());
        };
    }

    /** The outcome of {@link #modeSelect}. */
    public sealed interface ModeSelectResult {
        /** Page 2Ch applied; these LUNs changed owner (log them). GOOD status. */
        record Transferred(List<RdacOwnership.Transfer> transfers) implements ModeSelectResult {
            public Transferred {
                transfers = List.copyOf(transfers);
            }
        }

        record NotRedundantControllerPage() implements ModeSelectResult {
        }

        record Refused(SenseCode sense) implements ModeSelectResult {
        }
    }

    /** The media-access rule of {@link RdacOwnership#checkMediaAccess}. */
    public Optional<SenseCode> checkMediaAccess(int lun, int receivingGroup, byte[] cdb) {
        return ownership.checkMediaAccess(lun, receivingGroup, cdb);
    }

    private int alternateOf(int groupId) {
        List<TargetPortGroup> all = groups.groups();
        return all.stream().mapToInt(TargetPortGroup::id).filter(id -> id != groupId).findFirst().orElse(groupId);
    }

    private AluaState reported(int lun, int groupId) {
        AluaState configured = groups.group(groupId).map(TargetPortGroup::state).orElse(AluaState.UNAVAILABLE);
        if (configured == AluaState.UNAVAILABLE || configured == AluaState.OFFLINE
                || configured == AluaState.TRANSITIONING) {
            return configured;
        }
        if (ownership.owner(lun) == groupId) {
            return AluaState.ACTIVE_OPTIMIZED;
        }
        return ownership.ioShipping() ? AluaState.ACTIVE_NONOPTIMIZED : AluaState.STANDBY;
    }
}
