package io.jiet.server.metrics;

import io.jiet.scsi.ItNexus;
import io.jiet.scsi.LogicalUnit;
import io.jiet.scsi.LogicalUnitContext;
import io.jiet.scsi.ScsiRequest;
import io.jiet.scsi.ScsiResult;
import io.jiet.scsi.ScsiStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A logical unit that counts its commands: per kind (read, write, other) the commands, those that did not end GOOD,
 * the bytes read or written, and the time spent in the logical unit (backstore I/O included, transport excluded).
 * Bytes are the CDB's transfer length of commands that completed GOOD. Every other {@link LogicalUnit} method is
 * passed to the delegate unchanged (a new one must be added here too). Thread-safe, as its delegate.
 */
final class MeteredLogicalUnit implements LogicalUnit {

    /** Latency buckets from a cached 4 KiB read to a slow disk's flush. */
    private static final Duration[] BUCKETS = {
        Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

    private final LogicalUnit delegate;
    private final Map<CommandKind, Counter> commands = new EnumMap<>(CommandKind.class);
    private final Map<CommandKind, Counter> errors = new EnumMap<>(CommandKind.class);
    private final Map<CommandKind, Timer> latency = new EnumMap<>(CommandKind.class);
    private final Counter readBytes;
    private final Counter writeBytes;
    private final List<Meter> meters = new ArrayList<>();

    MeteredLogicalUnit(LogicalUnit delegate, MeterRegistry registry, String target, int lun) {
        this.delegate = delegate;
        Tags lunTags = Tags.of("target", target, "lun", Integer.toString(lun));
        for (CommandKind kind : CommandKind.values()) {
            Tags tags = lunTags.and("op", kind.label());
            commands.put(kind, keep(Counter.builder("jiet.lun.commands").tags(tags)
                    .description("SCSI commands executed by the logical unit").register(registry)));
            errors.put(kind, keep(Counter.builder("jiet.lun.command.errors").tags(tags)
                    .description("SCSI commands that ended with a status other than GOOD").register(registry)));
            latency.put(kind, keep(Timer.builder("jiet.lun.command").tags(tags)
                    .description("time a command spent in the logical unit")
                    .serviceLevelObjectives(BUCKETS).register(registry)));
        }
        readBytes = keep(Counter.builder("jiet.lun.read.bytes").tags(lunTags)
                .description("bytes read by commands that completed GOOD").register(registry));
        writeBytes = keep(Counter.builder("jiet.lun.write.bytes").tags(lunTags)
                .description("bytes written by commands that completed GOOD").register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    /** The meters of this unit, to remove when the LUN goes away. */
    List<Meter> meters() {
        return meters;
    }

    LogicalUnit delegate() {
        return delegate;
    }

    @Override
    public ScsiResult execute(ScsiRequest request) {
        long started = System.nanoTime();
        return counted(request, delegate.execute(request), started);
    }

    /** Counted only when it ran: an empty answer means the command goes to {@link #execute} after all. */
    @Override
    public java.util.Optional<ScsiResult> executeWithoutBlocking(ScsiRequest request) {
        long started = System.nanoTime();
        return delegate.executeWithoutBlocking(request).map(result -> counted(request, result, started));
    }

    private ScsiResult counted(ScsiRequest request, ScsiResult result, long started) {
        CommandKind kind = CommandKind.of(request.cdb());
        latency.get(kind).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        commands.get(kind).increment();
        if (result.status() != ScsiStatus.GOOD) {
            errors.get(kind).increment();
        } else if (kind == CommandKind.READ) {
            readBytes.increment(result.transferLength());
        } else if (kind == CommandKind.WRITE) {
            writeBytes.increment(result.transferLength());
        }
        return result;
    }

    // The events the target device reports go to the real logical unit unchanged.

    @Override
    public void cancel(ScsiRequest request) {
        delegate.cancel(request);
    }

    /** Sees through this wrapper, so EXTENDED COPY finds its sibling disks among metered units. */
    @Override
    public <T> java.util.Optional<T> unwrap(Class<T> type) {
        return type.isInstance(this) ? java.util.Optional.of(type.cast(this)) : delegate.unwrap(type);
    }

    @Override
    public void logicalUnitReset(ItNexus requestedBy) {
        delegate.logicalUnitReset(requestedBy);
    }

    @Override
    public void hardReset(ItNexus requestedBy, boolean powerOn) {
        delegate.hardReset(requestedBy, powerOn);
    }

    @Override
    public void itNexusLost(ItNexus nexus) {
        delegate.itNexusLost(nexus);
    }

    @Override
    public void reportedLunsDataChanged() {
        delegate.reportedLunsDataChanged();
    }

    @Override
    public void reportLunsSent(ItNexus nexus) {
        delegate.reportLunsSent(nexus);
    }

    @Override
    public void asymmetricAccessStateChanged(java.util.function.Predicate<ItNexus> which) {
        delegate.asymmetricAccessStateChanged(which);
    }

    @Override
    public boolean descriptorFormatSense() {
        return delegate.descriptorFormatSense();
    }

    @Override
    public boolean taskAbortedStatus() {
        return delegate.taskAbortedStatus();
    }

    @Override
    public void attach(LogicalUnitContext context) {
        delegate.attach(context);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
