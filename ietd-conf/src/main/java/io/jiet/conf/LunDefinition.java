package io.jiet.conf;

import java.util.Map;
import java.util.Optional;

/**
 * One {@code Lun N key=value,...} line. {@code type} is lower case ("fileio", "blockio", "nullio"). Options
 * this model has no field for (and jiet extensions) stay in {@code extraOptions}, keys lower-cased.
 *
 * <p>What the parser fills in when the line is silent, following IET 1.4.20:
 * <ul>
 * <li>{@code type}: fileio;</li>
 * <li>{@code path}: present for fileio and blockio, empty for nullio;</li>
 * <li>{@code ioMode}: {@link LunIoMode#WT} for every type (IET wrote back only on {@code IOMode=wb}, and blockio
 * ignored that);</li>
 * <li>{@code blockSize}: 512 (IET's blockio took the device's logical block size instead);</li>
 * <li>{@code blocks}: only for nullio, by default 64 GiB worth ({@code 2^36 / blockSize}); the size of fileio and
 * blockio LUNs comes from their path;</li>
 * <li>{@code extraOptions}: only the jiet extension keys thin, identity, vendorid, productid, productrev,
 * rdac;</li>
 * <li>{@code line}: where the Lun line starts in the file.</li>
 * </ul>
 */
public record LunDefinition(int lun, String type, Optional<String> path, Optional<String> scsiId,
                            Optional<String> scsiSn, LunIoMode ioMode, int blockSize, Optional<Long> blocks,
                            Map<String, String> extraOptions, int line) {
}
