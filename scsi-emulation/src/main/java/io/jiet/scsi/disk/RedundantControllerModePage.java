package io.jiet.scsi.disk;

import io.jiet.alua.rdac.RdacOwnership;
import io.jiet.alua.rdac.RdacPersonality;
import io.jiet.alua.rdac.RedundantControllerPage;
import io.jiet.scsi.AsymmetricAccess;
import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.SupportedCommand;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The RDAC redundant controller mode page 2Ch of an {@code Rdac=yes} logical unit, in front of the standard mode
 * pages: MODE SENSE(6) of page 2Ch and MODE SENSE(10) of page 2Ch subpage 01h answer the page as the receiving
 * controller (target port group) sees it; a MODE SELECT(6)/(10) carrying page 2Ch moves the LUNs its table marks 81h
 * to the receiving group (Linux scsi_dh_rdac's send_mode_select). Every other page goes to the standard handlers.
 * Immutable; ownership lives in the target's {@link RdacOwnership}.
 */
final class RedundantControllerModePage {

    private static final System.Logger LOG = System.getLogger(RedundantControllerModePage.class.getName());

    private final Supplier<AsymmetricAccess> access;

    RedundantControllerModePage(Supplier<AsymmetricAccess> access) {
        this.access = access;
    }

    /** {@code standard} (ModeParameters' commands) with the four mode commands answering page 2Ch first. */
    List<SupportedCommand> wrap(List<SupportedCommand> standard) {
        return standard.stream().map(this::wrap).toList();
    }

    private SupportedCommand wrap(SupportedCommand c) {
        int op = c.operationCode();
        boolean ten = op == OperationCode.MODE_SENSE_10 || op == OperationCode.MODE_SELECT_10;
        boolean sense = op == OperationCode.MODE_SENSE_6 || op == OperationCode.MODE_SENSE_10;
        boolean select = op == OperationCode.MODE_SELECT_6 || op == OperationCode.MODE_SELECT_10;
        if (!sense && !select) {
            return c;
        }
        return new SupportedCommand(c.operationCode(), c.serviceAction(), c.cdbUsageData(), (request, cdb) -> {
            Optional<RdacPersonality> personality = access.get().rdac();
            if (personality.isEmpty()) {
                return c.handler().execute(request, cdb);
            }
            Optional<ScsiResult> answered = sense ? modeSense(personality.get(), request, cdb, ten)
                    : modeSelect(personality.get(), request, cdb, ten);
            return answered.isPresent() ? answered.get() : c.handler().execute(request, cdb);
        }, c.accessRule());
    }

    /** Page 2Ch (legacy shape, MODE SENSE(6)) or 2Ch/01h (expanded, MODE SENSE(10)); no block descriptor. */
    private Optional<ScsiResult> modeSense(RdacPersonality personality, ScsiRequest request, Cdb cdb, boolean ten) {
        int pageCode = cdb.field(2, 0x3F);
        int subpage = cdb.u8(3);
        if (pageCode != RedundantControllerPage.PAGE_CODE || cdb.field(2, 0xC0) != 0) {
            return Optional.empty();
        }
        RedundantControllerPage.Shape shape = subpage == RedundantControllerPage.EXPANDED_SUBPAGE
                ? RedundantControllerPage.Shape.EXPANDED : RedundantControllerPage.Shape.LEGACY;
        byte[] page = personality.redundantControllerPage(shape, access.get().groupOf(request.nexus()));
        ByteBuffer data = ByteBuffer.allocate((ten ? 8 : 4) + page.length);
        if (ten) {
            data.putShort((short) (data.capacity() - 2)).putShort((short) 0).putInt(0);
        } else {
            data.put((byte) (data.capacity() - 1)).put((byte) 0).put((byte) 0).put((byte) 0);
        }
        data.put(page);
        return Optional.of(ScsiResult.good(data.array(), ten ? cdb.u16(7) : cdb.u8(4)));
    }

    private Optional<ScsiResult> modeSelect(RdacPersonality personality, ScsiRequest request, Cdb cdb, boolean ten)
            throws CheckCondition {
        int listLength = ten ? cdb.u16(7) : cdb.u8(4);
        ByteBuffer dataOut = request.dataOutView();
        if (listLength == 0 || dataOut.remaining() < listLength) {
            return Optional.empty();
        }
        byte[] list = new byte[listLength];
        dataOut.get(list);
        int group = access.get().groupOf(request.nexus());
        return switch (personality.modeSelect(list, ten, group)) {
            case RdacPersonality.ModeSelectResult.Transferred t -> {
                t.transfers().forEach(x -> LOG.log(System.Logger.Level.INFO, "RDAC: LUN {0} of {1} moved from "
                        + "target port group {2} to {3} by MODE SELECT from {4}", x.lun(), access.get().targetName(),
                        x.fromGroup(), x.toGroup(), request.nexus().initiatorPortName()));
                yield Optional.of(ScsiResult.goodWithoutData(listLength));
            }
            case RdacPersonality.ModeSelectResult.NotRedundantControllerPage n -> Optional.empty();
            case RdacPersonality.ModeSelectResult.Refused r -> throw new CheckCondition(
                    TargetPortGroupCommands.sense(r.sense()));
        };
    }
}
