package io.jiet.conf;

import java.util.Map;
import java.util.Optional;

/**
 * One {@code Lun N key=value,...} line. {@code type} is lower case ("fileio", "blockio", "nullio"). Options
 * this model has no field for (and jiet extensions) stay in {@code extraOptions}, keys lower-cased.
 */
public record LunDefinition(int lun, String type, Optional<String> path, Optional<String> scsiId,
                            Optional<String> scsiSn, LunIoMode ioMode, int blockSize, Optional<Long> blocks,
                            Map<String, String> extraOptions, int line) {
}
