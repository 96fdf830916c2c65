package io.jiet.server;

import io.jiet.conf.LunDefinition;
import io.jiet.scsi.LogicalUnit;
import io.jiet.scsi.disk.DiskLogicalUnit;
import io.jiet.server.admin.RunningConfiguration;
import io.jiet.server.metrics.JietMetrics;
import io.jiet.server.target.ConfiguredLun;
import io.jiet.server.target.LogicalUnitFactory;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the daemon opens what a target needs: logical units from Lun lines (metered when metrics are on) and a
 * worker pool per target. Thread-safe.
 */
final class DaemonResources implements RunningConfiguration.TargetResources {
    private final Optional<JietMetrics> metrics;

    DaemonResources(Optional<JietMetrics> metrics) {
        this.metrics = metrics;
    }

    @Override
    public ConfiguredLun openLun(String targetName, LunDefinition lun) throws IOException {
        LogicalUnit unit = LogicalUnitFactory.create(targetName, lun);
        long blocks = unit instanceof DiskLogicalUnit disk ? disk.blockCount() : 0;
        LogicalUnit served = metrics.map(m -> m.meter(targetName, lun.lun(), unit)).orElse(unit);
        return new ConfiguredLun(lun, served, blocks);
    }

    @Override
    public void closeLun(ConfiguredLun lun) {
        lun.unit().close(); // flushes the backstore
        metrics.ifPresent(m -> m.forget(lun.unit()));
    }

    @Override
    public void aluaState(String target, int group, io.jiet.alua.AluaState state) {
        metrics.ifPresent(m -> m.aluaState(target, group, io.jiet.server.target.TargetPorts.configState(state)));
    }

    @Override
    public ExecutorService workers(int tid, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "jiet-tid" + tid + "-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(threads, factory);
    }
}
