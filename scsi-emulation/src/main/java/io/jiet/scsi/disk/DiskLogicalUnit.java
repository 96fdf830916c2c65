package io.jiet.scsi.disk;

import io.jiet.backstore.BlockStore;
import io.jiet.scsi.AsymmetricAccess;
import io.jiet.scsi.Cdb;
import io.jiet.scsi.CheckCondition;
import io.jiet.scsi.CommandTable;
import io.jiet.scsi.ItNexus;
import io.jiet.scsi.LogicalUnit;
import io.jiet.scsi.LogicalUnitContext;
import io.jiet.scsi.LogicalUnitIdentity;
import io.jiet.scsi.OperationCode;
import io.jiet.scsi.ReportLuns;
import io.jiet.scsi.ReportSupportedOperationCodes;
import io.jiet.scsi.ReportSupportedTaskManagementFunctions;
import io.jiet.scsi.ReservationAccess;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.Sense;
import io.jiet.scsi.SupportedCommand;
import io.jiet.scsi.UnitAttentions;
import io.jiet.scsi.pr.AptplFile;
import io.jiet.scsi.pr.PersistentReserveIn;
import io.jiet.scsi.pr.PersistentReserveOut;
import io.jiet.scsi.pr.Reservations;
import io.jiet.scsi.pr.ReserveRelease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A direct-access block device (SBC-3) over a {@link BlockStore}: the device server of one jiet LUN. Commands are
 * dispatched through an opcode table to one handler per command family; before a handler runs, the gates every
 * command passes apply in the order SAM-5 gives them (§5.14, LIO's {@code target_cmd_init_cdb} does the same):
 * <ol>
 *   <li>unit attention: a pending condition for the I_T nexus ends any command but INQUIRY, REPORT LUNS and
 *   REQUEST SENSE with CHECK CONDITION and is cleared ({@link UnitAttentions});</li>
 *   <li>the command must exist (INVALID COMMAND OPERATION CODE, INVALID FIELD IN CDB for the service action);</li>
 *   <li>sanitize: while one runs, NOT READY, SANITIZE IN PROGRESS; in sanitize failure mode, MEDIUM ERROR;</li>
 *   <li>reservations: RESERVATION CONFLICT by SPC-4 table 60 / SBC-3 table 13 ({@link Reservations}).</li>
 * </ol>
 * Sense data is fixed format unless the Control mode page's D_SENSE asks for descriptor format. REPORT LUNS is
 * answered by {@link io.jiet.scsi.ScsiTargetDevice}, which knows every LUN of the target.
 * <p>
 * The capacity is the store's size divided by the block size (a partial last block is not used); it is read at
 * construction and again by {@link #refreshCapacity()}.
 * <p>
 * Threading: {@link #execute} is safe to call from many threads at once; reads and writes run concurrently. The
 * mutable state (unit attentions, reservations, mode pages, sanitize, copy results) is thread-safe and documented
 * in each of those classes. {@link #close()} closes the store; commands must not be running by then.
 */
public final class DiskLogicalUnit implements LogicalUnit {

    private static final System.Logger LOG = System.getLogger(DiskLogicalUnit.class.getName());

    /**
     * How a logical unit is provisioned and where its persistent state goes.
     *
     * @param thinProvisioned {@code Thin=yes}: LBPME/LBPRZ, UNMAP, WRITE SAME with UNMAP, erasing sanitizes
     * @param aptplFile       where persistent reservations are kept while APTPL is set; empty: APTPL unsupported
     * @param sanitizeBytesPerSecond the pace of SANITIZE OVERWRITE
     */
    public record Options(boolean thinProvisioned, Optional<AptplFile> aptplFile, long sanitizeBytesPerSecond,
                          boolean rdac) {

        /** @param rdac {@code Rdac=yes}: the RDAC personality of the target instead of ALUA (TPGS 0) */
        public Options {
            Objects.requireNonNull(aptplFile, "aptplFile");
            if (sanitizeBytesPerSecond <= 0) {
                throw new IllegalArgumentException("sanitize pace must be positive");
            }
        }

        public Options(boolean thinProvisioned, Optional<AptplFile> aptplFile, long sanitizeBytesPerSecond) {
            this(thinProvisioned, aptplFile, sanitizeBytesPerSecond, false);
        }

        /** Fully provisioned, no APTPL, the default sanitize pace: what IET offered. */
        public static Options defaults() {
            return new Options(false, Optional.empty(), Sanitize.DEFAULT_BYTES_PER_SECOND);
        }

        public Options withThinProvisioning(boolean thin) {
            return new Options(thin, aptplFile, sanitizeBytesPerSecond, rdac);
        }

        public Options withAptplFile(AptplFile file) {
            return new Options(thinProvisioned, Optional.of(file), sanitizeBytesPerSecond, rdac);
        }

        public Options withSanitizeBytesPerSecond(long pace) {
            return new Options(thinProvisioned, aptplFile, pace, rdac);
        }

        public Options withRdac(boolean rdacPersonality) {
            return new Options(thinProvisioned, aptplFile, sanitizeBytesPerSecond, rdacPersonality);
        }
    }

    private final BlockStore store;
    private final Medium medium;
    private final ReadWrite readWrite;
    private final LogicalUnitIdentity identity;
    private final UnitAttentions unitAttentions = new UnitAttentions();
    private final Reservations reservations;
    private final ModeParameters modeParameters;
    private final Sanitize sanitize;
    private final boolean rdac;
    /** The commands of this unit on a target without ALUA, or as an RDAC unit. */
    private final CommandTable table;
    /** The same plus REPORT/SET TARGET PORT GROUPS, for an ALUA unit. */
    private final CommandTable aluaTable;
    private volatile LogicalUnitContext context;

    /**
     * A fully provisioned logical unit without APTPL support.
     *
     * @param blockSize 512, 1024, 2048 or 4096, IET's {@code BlockSize} values
     * @throws IOException if the store's size cannot be read
     * @throws IllegalArgumentException for another block size or a store smaller than one block
     */
    public DiskLogicalUnit(BlockStore store, int blockSize, LogicalUnitIdentity identity) throws IOException {
        this(store, blockSize, identity, Options.defaults());
    }

    /**
     * @throws IOException if the store's size cannot be read, or a saved APTPL state exists but cannot be read
     */
    public DiskLogicalUnit(BlockStore store, int blockSize, LogicalUnitIdentity identity, Options options)
            throws IOException {
        this.store = Objects.requireNonNull(store, "store");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.medium = new Medium(store, blockSize, options.thinProvisioned());
        this.readWrite = new ReadWrite(medium);
        this.reservations = new Reservations(unitAttentions, options.aptplFile());
        this.modeParameters = new ModeParameters(medium, unitAttentions);
        this.sanitize = new Sanitize(medium, options.sanitizeBytesPerSecond());
        this.rdac = options.rdac();
        this.table = commands(false).build();
        this.aluaTable = commands(true).build();
    }

    private CommandTable.Builder commands(boolean alua) {
        ReportSupportedOperationCodes supportedOperationCodes = new ReportSupportedOperationCodes(
                alua ? () -> aluaTable : () -> table);
        List<SupportedCommand> modeCommands = rdac
                ? new RedundantControllerModePage(this::asymmetricAccess).wrap(modeParameters.commands())
                : modeParameters.commands();
        CommandTable.Builder builder = CommandTable.builder()
                .add(new Inquiry(identity, medium, this::asymmetricAccess, rdac, this::lun).command())
                .addAll(new ReadCapacity(medium).commands())
                .addAll(readWrite.commands())
                .addAll(new Verify(readWrite, medium).commands())
                .addAll(new CompareAndWrite(readWrite, medium).commands())
                .addAll(new WriteSame(medium).commands())
                .addAll(new LogicalBlockProvisioning(medium).commands())
                .addAll(new ExtendedCopy(medium, this::copyTarget).commands())
                .addAll(sanitize.commands())
                .addAll(modeCommands)
                .addAll(new LogSense().commands())
                .addAll(new Maintenance(this::pendingSense).commands())
                .addAll(new Cache(medium).commands())
                .addAll(new StartStop(medium).commands())
                .addAll(new PersistentReserveIn(reservations).commands())
                .addAll(new PersistentReserveOut(reservations, this::abortTasks).commands())
                .addAll(new ReserveRelease(reservations).commands())
                .add(supportedOperationCodes.command().withAccess(ReservationAccess.UNRESTRICTED))
                .add(ReportSupportedTaskManagementFunctions.command())
                .add(ReportLuns.answeredByTargetDevice().withAccess(ReservationAccess.UNRESTRICTED));
        if (alua) {
            builder.addAll(new TargetPortGroupCommands(this::asymmetricAccess).commands());
        }
        return builder;
    }

    private AsymmetricAccess asymmetricAccess() {
        LogicalUnitContext c = context;
        return c == null ? AsymmetricAccess.NONE : c.asymmetricAccess();
    }

    private int lun() {
        LogicalUnitContext c = context;
        return c == null ? 0 : c.lun();
    }

    /** Whether this unit follows the target's ALUA states (an RDAC unit does not: it announces TPGS 0). */
    private boolean alua() {
        return !rdac && asymmetricAccess().alua();
    }

    @Override
    public ScsiResult execute(ScsiRequest request) {
        try {
            return gateAndRun(request);
        } catch (CheckCondition e) {
            return ScsiResult.checkCondition(e.sense(), modeParameters.descriptorSense());
        } catch (RuntimeException e) {
            // A defect, not an initiator error: report it, keep the worker thread alive.
            LOG.log(System.Logger.Level.ERROR, "command failed on " + store.describe(), e);
            return ScsiResult.checkCondition(Sense.INTERNAL_TARGET_FAILURE, modeParameters.descriptorSense());
        }
    }

    /**
     * A READ whose gates pass and whose data the store holds in a cache runs here and now; anything else, a READ
     * that would wait for the device, and any READ while a reservation is held (checking it may wait for a PR OUT's
     * APTPL fsync), comes back empty before any state changed (a pending unit attention or
     * a refusal is itself the command's result). Gate failures and CDB errors are answered as in
     * {@link #execute}; an unexpected failure is left to {@link #execute} on a worker, which reports it.
     */
    @Override
    public Optional<ScsiResult> executeWithoutBlocking(ScsiRequest request) {
        byte[] cdb = request.cdb();
        if (cdb == null || cdb.length == 0 || !ReadWrite.isRead(cdb[0] & 0xFF) || reservations.anyReservation()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(gateAndRun(request, (command, c) -> readWrite.readIfCached(request, c)));
        } catch (CheckCondition e) {
            return Optional.of(ScsiResult.checkCondition(e.sense(), modeParameters.descriptorSense()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Runs a command that passed the gates; null means it would block (only from {@link #executeWithoutBlocking}). */
    @FunctionalInterface
    private interface GatedRun {
        ScsiResult run(SupportedCommand command, Cdb cdb) throws CheckCondition;
    }

    private ScsiResult gateAndRun(ScsiRequest request) throws CheckCondition {
        return gateAndRun(request, (command, cdb) -> command.handler().execute(request, cdb));
    }

    private ScsiResult gateAndRun(ScsiRequest request, GatedRun run) throws CheckCondition {
        ItNexus nexus = request.nexus();
        Cdb cdb = CommandTable.cdbOf(request);
        int operationCode = cdb.operationCode();
        boolean alwaysAnswered = operationCode == OperationCode.INQUIRY
                || operationCode == OperationCode.REQUEST_SENSE || operationCode == OperationCode.REPORT_LUNS;
        if (alwaysAnswered) {
            unitAttentions.seen(nexus);
        } else {
            Optional<Sense> attention = unitAttentions.take(nexus);
            if (attention.isPresent()) {
                throw new CheckCondition(attention.get());
            }
        }
        SupportedCommand command = table().resolve(cdb);
        ReservationAccess access = command.accessRule().of(cdb);
        if (!alwaysAnswered) {
            Optional<Sense> sanitizing = sanitize.gate();
            if (sanitizing.isPresent() && (sanitize.inProgress() || access != ReservationAccess.UNRESTRICTED
                    && operationCode != OperationCode.SANITIZE)) {
                throw new CheckCondition(sanitizing.get());
            }
        }
        if (reservations.conflicts(nexus, access)) {
            return ScsiResult.reservationConflict();
        }
        Optional<Sense> refusal = asymmetricAccessGate(request);
        if (refusal.isPresent()) {
            throw new CheckCondition(refusal.get());
        }
        return run.run(command, cdb);
    }

    /**
     * SPC-4 §5.9.2.4: an ALUA unit serves through each target port what its group's state allows (NOT READY 04/0A
     * transitioning, 04/0B standby, 04/0C unavailable, 04/12 offline). An RDAC unit refuses media access through
     * a group that does not own it (05/94/01, plain RDAC) and, like ALUA, anything a faulted group
     * (unavailable, offline, transitioning) cannot serve.
     */
    private Optional<Sense> asymmetricAccessGate(ScsiRequest request) {
        AsymmetricAccess a = asymmetricAccess();
        if (a.groups().isEmpty() || !a.alua()) {
            return Optional.empty();
        }
        io.jiet.alua.TargetPortGroups groups = a.groups().get();
        int port = request.nexus().relativeTargetPortId();
        if (groups.groupOfPort(port).isEmpty()) {
            return Optional.empty();
        }
        if (!rdac) {
            return TargetPortGroupCommands.sense(groups.accessCheck(port, request.cdb()));
        }
        io.jiet.alua.AluaState state = groups.stateOfPort(port);
        if (state == io.jiet.alua.AluaState.UNAVAILABLE || state == io.jiet.alua.AluaState.OFFLINE
                || state == io.jiet.alua.AluaState.TRANSITIONING) {
            return TargetPortGroupCommands.sense(groups.accessCheck(port, request.cdb()));
        }
        int lun = lun();
        return a.rdac().filter(p -> lun <= 0xFF)
                .flatMap(p -> TargetPortGroupCommands.sense(p.checkMediaAccess(lun, a.groupOf(request.nexus()),
                        request.cdb())));
    }

    /** What REQUEST SENSE reports: a unit attention (now cleared), sanitize progress or failure, else nothing. */
    private Sense pendingSense(ItNexus nexus) {
        return unitAttentions.take(nexus).or(sanitize::gate).orElse(Sense.NO_ADDITIONAL_SENSE_INFORMATION);
    }

    // ---- events from the target device ------------------------------------------------------------------------

    @Override
    public void cancel(ScsiRequest request) {
        sanitize.cancel(request);
    }

    @Override
    public void logicalUnitReset(ItNexus requestedBy) {
        reset(Sense.BUS_DEVICE_RESET_FUNCTION_OCCURRED);
    }

    @Override
    public void hardReset(ItNexus requestedBy, boolean powerOn) {
        reset(powerOn ? Sense.POWER_ON_OCCURRED : Sense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED);
    }

    /**
     * SAM-5 §6.3.2-§6.3.3: SPC-2 reservations are released (persistent ones stay), mode parameters return to
     * their defaults, every I_T nexus gets the unit attention. A running sanitize goes on (SBC-3 §4.34.2).
     */
    private void reset(Sense attention) {
        reservations.reset();
        modeParameters.restoreDefaults();
        unitAttentions.establishForAll(attention);
    }

    @Override
    public void itNexusLost(ItNexus nexus) {
        reservations.nexusLost(nexus);
        unitAttentions.forget(nexus);
    }

    @Override
    public void reportedLunsDataChanged() {
        unitAttentions.establishForAll(Sense.REPORTED_LUNS_DATA_HAS_CHANGED);
    }

    @Override
    public void reportLunsSent(ItNexus nexus) {
        unitAttentions.clear(nexus, Sense.REPORTED_LUNS_DATA_HAS_CHANGED);
    }

    @Override
    public void asymmetricAccessStateChanged(java.util.function.Predicate<ItNexus> which) {
        unitAttentions.establishWhere(which, Sense.ASYMMETRIC_ACCESS_STATE_CHANGED);
    }

    @Override
    public boolean descriptorFormatSense() {
        return modeParameters.descriptorSense();
    }

    @Override
    public boolean taskAbortedStatus() {
        return modeParameters.taskAbortedStatus();
    }

    @Override
    public void attach(LogicalUnitContext context) {
        this.context = context;
    }

    /**
     * Reads the store's size again (after the backing file or device grew or shrank); when the number of logical
     * blocks changed, every I_T nexus gets CAPACITY DATA HAS CHANGED (SBC-3 §4.6). Returns whether it changed.
     */
    public boolean refreshCapacity() throws IOException {
        boolean changed = medium.refreshCapacity();
        if (changed) {
            unitAttentions.establishForAll(Sense.CAPACITY_DATA_HAS_CHANGED);
        }
        return changed;
    }

    private void abortTasks(java.util.function.Predicate<ItNexus> whose) {
        LogicalUnitContext c = context;
        if (c != null) {
            c.abortTasks(whose);
        }
    }

    /** The logical unit of this target (this one first) that has the designator a CSCD names. */
    private Optional<DiskLogicalUnit> copyTarget(byte[] designation) {
        if (hasDesignator(designation)) {
            return Optional.of(this);
        }
        LogicalUnitContext c = context;
        List<LogicalUnit> units = c == null ? List.of() : List.copyOf(c.logicalUnits());
        return units.stream()
                .flatMap(unit -> unit.unwrap(DiskLogicalUnit.class).stream())
                .filter(unit -> unit.hasDesignator(designation))
                .findFirst();
    }

    /**
     * Whether a CSCD designation descriptor (SPC-4 table 459: code set, association, designator type, length,
     * designator) names one of this unit's designators; the protocol identifier and PIV are not compared.
     */
    private boolean hasDesignator(byte[] designation) {
        int length = designation[3] & 0xFF;
        if (length > designation.length - 4) {
            return false;
        }
        byte[] id = Arrays.copyOfRange(designation, 4, 4 + length);
        return identity.designators().stream().anyMatch(d -> d.codeSet() == (designation[0] & 0x0F)
                && d.association() == (designation[1] & 0x30) >>> 4
                && d.designatorType() == (designation[1] & 0x0F)
                && Arrays.equals(d.identifier(), id));
    }

    Medium medium() {
        return medium;
    }

    boolean conflicts(ItNexus nexus, ReservationAccess access) {
        return reservations.conflicts(nexus, access);
    }

    public int blockSize() {
        return medium.geometry().blockSize();
    }

    /** The capacity in logical blocks. */
    public long blockCount() {
        return medium.geometry().blockCount();
    }

    public LogicalUnitIdentity identity() {
        return identity;
    }

    public BlockStore store() {
        return store;
    }

    CommandTable table() {
        return alua() ? aluaTable : table;
    }

    @Override
    public void close() {
        sanitize.close();
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
