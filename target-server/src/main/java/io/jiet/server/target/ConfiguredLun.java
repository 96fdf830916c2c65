package io.jiet.server.target;

import io.jiet.conf.LunDefinition;
import io.jiet.scsi.LogicalUnit;

/**
 * A logical unit as a target serves it: the Lun line it was opened from, the unit commands go to (possibly wrapped
 * for metrics), and its capacity in blocks as it was when opened (what {@code /proc/net/iet/volume} showed).
 */
public record ConfiguredLun(LunDefinition definition, LogicalUnit unit, long blocks) {

    public int lun() {
        return definition.lun();
    }
}
