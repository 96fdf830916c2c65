package io.jiet.server.target;

import io.jiet.conf.TargetParameters;
import io.jiet.scsi.ScsiTargetDevice;
import io.jiet.server.login.ChapAccounts;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * One configured iSCSI target: its name, negotiation limits, SCSI device (the LUNs) and the worker threads that
 * run its commands (IET's Wthreads). Immutable apart from the device's own state.
 */
public record IscsiTarget(int tid, String name, Optional<String> alias, TargetParameters parameters,
                          ScsiTargetDevice device, ExecutorService workers, int portalGroupTag,
                          ChapAccounts chapAccounts, TargetRedirect redirect) {
}
