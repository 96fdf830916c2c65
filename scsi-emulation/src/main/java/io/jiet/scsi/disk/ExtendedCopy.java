package io.jiet.scsi.disk;

import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.ItNexus;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.SenseKey;
import io.jiet.scsi.SupportedCommand;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The copy manager: EXTENDED COPY (LID1) (SPC-4 §6.4) with identification descriptor CSCDs (E4h) and
 * block-to-block segment descriptors (02h), and RECEIVE COPY RESULTS (SPC-4 §6.21) with COPY STATUS, RECEIVE DATA,
 * OPERATING PARAMETERS and FAILED SEGMENT DETAILS. This is what VMware's XCOPY offload and {@code sg_xcopy} use.
 * <p>
 * A CSCD names a logical unit by one of its Device Identification designators; any designator of any logical unit
 * of the same target device matches, so copies between LUNs of a target stay in the target. Errors found while
 * checking the parameter list are ILLEGAL REQUEST (SPC-4 §6.4.3.2); errors while copying a segment are COPY
 * ABORTED (§6.4.3.3): an unknown CSCD or one that cannot be reached is COPY TARGET DEVICE NOT REACHABLE, a
 * failing read or write of a reachable one is 00/00 with the segment descriptor's offset in the segment pointer.
 * Segments are copied in order through a 1 MiB buffer, each write taking its range locks like a WRITE.
 * <p>
 * Threading: copies run on the caller's thread; the results kept per (I_T nexus, LIST IDENTIFIER) for RECEIVE COPY
 * RESULTS live in a small synchronized map, oldest dropped first.
 */
final class ExtendedCopy {

    /** Limits reported in OPERATING PARAMETERS (SPC-4 table 369). */
    static final int MAXIMUM_CSCD_DESCRIPTORS = 16;
    static final int MAXIMUM_SEGMENT_DESCRIPTORS = 16;
    static final int MAXIMUM_DESCRIPTOR_LIST_LENGTH = 1024;
    static final int MAXIMUM_SEGMENT_LENGTH = 256 << 20;
    private static final int MAXIMUM_CONCURRENT_COPIES = 16;
    /** log2 of 512: data segments, inline and held data are handled in 512-byte units. */
    private static final int GRANULARITY_LOG2 = 9;

    private static final int HEADER_LENGTH = 16;
    private static final int CSCD_LENGTH = 32;
    private static final int IDENTIFICATION_DESCRIPTOR = 0xE4;
    private static final int BLOCK_TO_BLOCK = 0x02;
    private static final int BLOCK_TO_BLOCK_LENGTH = 0x18;
    private static final int LIST_ID_NOT_USED = 0b11;
    private static final int COPY_BUFFER_BYTES = 1 << 20;
    private static final int KEPT_RESULTS = 64;

    private static final int COPY_STATUS = 0x00;
    private static final int RECEIVE_DATA = 0x01;
    private static final int OPERATING_PARAMETERS = 0x03;
    private static final int FAILED_SEGMENT_DETAILS = 0x04;
    /** COPY MANAGER STATUS codes, SPC-4 table 374. */
    private static final int COMPLETED_WITHOUT_ERRORS = 0x00;
    private static final int COMPLETED_WITH_ERRORS = 0x01;

    /** Finds the disk a CSCD's designation descriptor names, among the target's logical units. */
    @FunctionalInterface
    interface CopyTargets {
        Optional<DiskLogicalUnit> byDesignator(byte[] designationDescriptor);
    }

    private final Medium medium;
    private final CopyTargets targets;
    private final Map<ResultKey, Result> results = new LinkedHashMap<>();

    ExtendedCopy(Medium medium, CopyTargets targets) {
        this.medium = medium;
        this.targets = targets;
    }

    List<SupportedCommand> commands() {
        List<SupportedCommand> list = new ArrayList<>();
        list.add(SupportedCommand.ofServiceAction(0x00, this::extendedCopy, OperationCode.EXTENDED_COPY, 0x00,
                0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x00));
        for (int sa : new int[] {COPY_STATUS, RECEIVE_DATA, OPERATING_PARAMETERS, FAILED_SEGMENT_DETAILS}) {
            list.add(SupportedCommand.ofServiceAction(sa, this::receiveCopyResults,
                    OperationCode.RECEIVE_COPY_RESULTS, sa, 0xFF, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x00)
                    .withAccess(ReservationAccess.UNRESTRICTED));
        }
        return list;
    }

    // ---- EXTENDED COPY -----------------------------------------------------------------------------------------

    private ScsiResult extendedCopy(ScsiRequest request, Cdb cdb) throws CheckCondition {
        long listLength = cdb.u32(10);
        if (listLength == 0) {
            return ScsiResult.good();
        }
        ByteBuffer dataOut = request.dataOutView();
        if (listLength < HEADER_LENGTH || listLength > dataOut.remaining()) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        ByteBuffer list = dataOut.slice(dataOut.position(), (int) listLength);
        ParameterList parsed = parse(list);
        ResultKey key = new ResultKey(request.nexus(), parsed.listId);
        try {
            long copied = copy(request.nexus(), list, parsed);
            remember(parsed, key, new Result(COMPLETED_WITHOUT_ERRORS, parsed.segments.size(), copied, null));
        } catch (SegmentFailed e) {
            remember(parsed, key, new Result(COMPLETED_WITH_ERRORS, e.segment, e.copied, e.sense));
            throw new CheckCondition(e.sense);
        }
        return ScsiResult.goodWithoutData((int) listLength);
    }

    /** The parameter list's header, CSCDs and segments, checked before any data moves (SPC-4 §6.4.3.2). */
    private record ParameterList(int listId, int listIdUsage, List<ByteBuffer> cscds, List<Integer> segments) {
    }

    /** SPC-4 table 118: the LID1 parameter list header, then CSCD and segment descriptor lists, no inline data. */
    private static ParameterList parse(ByteBuffer list) throws CheckCondition {
        int listId = list.get(0) & 0xFF;
        int usage = (list.get(1) & 0x18) >>> 3;
        int cscdLength = list.getShort(2) & 0xFFFF;
        long segmentLength = list.getInt(8) & 0xFFFF_FFFFL;
        long inlineLength = list.getInt(12) & 0xFFFF_FFFFL;
        if (HEADER_LENGTH + cscdLength + segmentLength + inlineLength > list.limit()
                || cscdLength + segmentLength > MAXIMUM_DESCRIPTOR_LIST_LENGTH) {
            throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
        }
        if (usage == LIST_ID_NOT_USED && listId != 0) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(0));
        }
        if (inlineLength != 0) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(12));
        }
        if (cscdLength % CSCD_LENGTH != 0) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(2));
        }
        if (cscdLength / CSCD_LENGTH > MAXIMUM_CSCD_DESCRIPTORS) {
            throw new CheckCondition(Sense.TOO_MANY_TARGET_DESCRIPTORS.inParameterList(2));
        }
        List<ByteBuffer> cscds = new ArrayList<>();
        for (int at = HEADER_LENGTH; at < HEADER_LENGTH + cscdLength; at += CSCD_LENGTH) {
            if ((list.get(at) & 0xFF) != IDENTIFICATION_DESCRIPTOR) {
                throw new CheckCondition(Sense.UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE.inParameterList(at));
            }
            if ((list.get(at + 1) & 0x1F) != 0) {
                // PERIPHERAL DEVICE TYPE: only direct-access block devices are copy targets here.
                throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(at + 1, 4));
            }
            cscds.add(list.slice(at, CSCD_LENGTH));
        }
        List<Integer> segments = new ArrayList<>();
        int end = HEADER_LENGTH + cscdLength + (int) segmentLength;
        for (int at = HEADER_LENGTH + cscdLength; at < end; ) {
            if (end - at < 4) {
                throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
            }
            int length = 4 + (list.getShort(at + 2) & 0xFFFF);
            if (segments.size() == MAXIMUM_SEGMENT_DESCRIPTORS) {
                throw new CheckCondition(Sense.TOO_MANY_SEGMENT_DESCRIPTORS.inParameterList(8));
            }
            if ((list.get(at) & 0xFF) != BLOCK_TO_BLOCK) {
                throw new CheckCondition(Sense.UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE.inParameterList(at));
            }
            if (length != 4 + BLOCK_TO_BLOCK_LENGTH) {
                throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(at + 2));
            }
            if (at + length > end) {
                throw new CheckCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
            }
            segments.add(at);
            at += length;
        }
        return new ParameterList(listId, usage, cscds, segments);
    }

    /** Copies every segment in order; returns the bytes copied. */
    private long copy(ItNexus nexus, ByteBuffer list, ParameterList parsed) throws SegmentFailed {
        long copied = 0;
        for (int i = 0; i < parsed.segments.size(); i++) {
            int at = parsed.segments.get(i);
            try {
                copied += copySegment(nexus, list, at, parsed.cscds);
            } catch (CheckCondition e) {
                Sense sense = e.sense().senseKey() == SenseKey.COPY_ABORTED ? e.sense()
                        : Sense.COPY_ABORTED.inParameterList(at);
                throw new SegmentFailed(i, copied, sense);
            }
        }
        return copied;
    }

    /** SPC-4 table 140: block device to block device, NUMBER OF BLOCKS counted in source blocks (DC 0). */
    private long copySegment(ItNexus nexus, ByteBuffer list, int at, List<ByteBuffer> cscds)
            throws CheckCondition {
        int sourceIndex = list.getShort(at + 4) & 0xFFFF;
        int destinationIndex = list.getShort(at + 6) & 0xFFFF;
        long blocks = list.getShort(at + 10) & 0xFFFF;
        long sourceLba = list.getLong(at + 12);
        long destinationLba = list.getLong(at + 20);
        Medium source = reach(nexus, cscds, sourceIndex, ReservationAccess.READ);
        Medium destination = reach(nexus, cscds, destinationIndex, ReservationAccess.WRITE);
        int blockSize = source.geometry().blockSize();
        if (destination.geometry().blockSize() != blockSize) {
            throw new CheckCondition(Sense.COPY_TARGET_DEVICE_NOT_REACHABLE);
        }
        if (blocks * blockSize > MAXIMUM_SEGMENT_LENGTH) {
            throw new CheckCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST.inParameterList(at + 10));
        }
        source.geometry().checkRange(sourceLba, blocks);
        destination.geometry().checkRange(destinationLba, blocks);
        destination.checkWritable();
        int chunkBlocks = (int) Math.min(blocks, COPY_BUFFER_BYTES / blockSize);
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(1, chunkBlocks) * blockSize);
        for (long done = 0; done < blocks; ) {
            int n = (int) Math.min(chunkBlocks, blocks - done);
            buffer.clear().limit(n * blockSize);
            source.read(sourceLba + done, buffer);
            destination.write(destinationLba + done, buffer.flip(), false);
            done += n;
        }
        return blocks * blockSize;
    }

    /**
     * The medium CSCD {@code index} names, if it exists, matches a logical unit of this target with the CSCD's
     * DISK BLOCK LENGTH, and the requesting I_T nexus may access it. The receiving logical unit's own reservation
     * was checked before the command ran.
     */
    private Medium reach(ItNexus nexus, List<ByteBuffer> cscds, int index, ReservationAccess access)
            throws CheckCondition {
        if (index >= cscds.size()) {
            throw new CheckCondition(Sense.COPY_TARGET_DEVICE_NOT_REACHABLE);
        }
        ByteBuffer cscd = cscds.get(index);
        byte[] designation = new byte[20];
        cscd.get(4, designation);
        DiskLogicalUnit unit = targets.byDesignator(designation)
                .orElseThrow(() -> new CheckCondition(Sense.COPY_TARGET_DEVICE_NOT_REACHABLE));
        int diskBlockLength = (cscd.get(29) & 0xFF) << 16 | (cscd.get(30) & 0xFF) << 8 | cscd.get(31) & 0xFF;
        if (diskBlockLength != unit.medium().geometry().blockSize()
                || unit.medium() != medium && unit.conflicts(nexus, access)) {
            throw new CheckCondition(Sense.COPY_TARGET_DEVICE_NOT_REACHABLE);
        }
        return unit.medium();
    }

    private synchronized void remember(ParameterList parsed, ResultKey key, Result result) {
        if (parsed.listIdUsage == LIST_ID_NOT_USED) {
            return;
        }
        results.remove(key);
        results.put(key, result);
        if (results.size() > KEPT_RESULTS) {
            results.remove(results.keySet().iterator().next());
        }
    }

    private synchronized Optional<Result> result(ResultKey key) {
        return Optional.ofNullable(results.get(key));
    }

    private record ResultKey(ItNexus nexus, int listId) {
    }

    private record Result(int status, int segmentsProcessed, long bytesCopied, Sense sense) {
    }

    /** A segment failed after {@code copied} bytes of earlier segments were copied. */
    private static final class SegmentFailed extends Exception {
        final int segment;
        final long copied;
        final transient Sense sense;

        SegmentFailed(int segment, long copied, Sense sense) {
            super(null, null, false, false);
            this.segment = segment;
            this.copied = copied;
            this.sense = sense;
        }
    }

    // ---- RECEIVE COPY RESULTS ----------------------------------------------------------------------------------

    private ScsiResult receiveCopyResults(ScsiRequest request, Cdb cdb) throws CheckCondition {
        int allocationLength = (int) Math.min(Integer.MAX_VALUE, cdb.u32(10));
        int serviceAction = cdb.field(1, 0x1F);
        if (serviceAction == OPERATING_PARAMETERS) {
            return ScsiResult.good(operatingParameters(), allocationLength);
        }
        Result result = result(new ResultKey(request.nexus(), cdb.u8(2)))
                .orElseThrow(() -> new CheckCondition(Sense.INVALID_FIELD_IN_CDB.inCdb(2)));
        byte[] data = switch (serviceAction) {
            case COPY_STATUS -> copyStatus(result);
            case RECEIVE_DATA -> new byte[4];
            default -> failedSegmentDetails(result);
        };
        return ScsiResult.good(data, allocationLength);
    }

    /** SPC-4 table 373: status, SEGMENTS PROCESSED, TRANSFER COUNT in bytes (units 00h). */
    private static byte[] copyStatus(Result result) {
        ByteBuffer b = ByteBuffer.allocate(12);
        b.putInt(8).put((byte) result.status).putShort((short) Math.min(0xFFFF, result.segmentsProcessed))
                .put((byte) 0).putInt((int) Math.min(0xFFFF_FFFFL, result.bytesCopied));
        return b.array();
    }

    /** SPC-4 table 377: the failed command's status and sense data; nothing when it did not fail. */
    private static byte[] failedSegmentDetails(Result result) {
        if (result.sense == null) {
            return new byte[60];
        }
        byte[] sense = result.sense.fixedFormat();
        ByteBuffer b = ByteBuffer.allocate(60 + sense.length);
        b.putInt(56 + sense.length).position(56);
        b.put((byte) 0x02).put((byte) 0).putShort((short) sense.length).put(sense);
        return b.array();
    }

    /**
     * SPC-4 table 369: SNLID, the descriptor and length limits above, no inline or held data, and the implemented
     * descriptor type codes 02h (block to block) and E4h (identification descriptor CSCD).
     */
    private static byte[] operatingParameters() {
        byte[] codes = {BLOCK_TO_BLOCK, (byte) IDENTIFICATION_DESCRIPTOR};
        ByteBuffer b = ByteBuffer.allocate(44 + codes.length);
        b.putInt(40 + codes.length);
        b.put((byte) 0x01).put(new byte[3]);
        b.putShort((short) MAXIMUM_CSCD_DESCRIPTORS).putShort((short) MAXIMUM_SEGMENT_DESCRIPTORS);
        b.putInt(MAXIMUM_DESCRIPTOR_LIST_LENGTH).putInt(MAXIMUM_SEGMENT_LENGTH);
        b.putInt(0).putInt(0).putInt(0);
        b.putShort((short) 0).putShort((short) MAXIMUM_CONCURRENT_COPIES).put((byte) MAXIMUM_CONCURRENT_COPIES);
        b.put((byte) GRANULARITY_LOG2).put((byte) GRANULARITY_LOG2).put((byte) GRANULARITY_LOG2);
        b.put(new byte[3]).put((byte) codes.length).put(codes);
        return b.array();
    }
}
