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
 * <li>{@code ioMode}: {@link LunIoMode#WT} for every type (IET wrote back only on {@code IOMode=wb}); never
 * {@link LunIoMode#WB} for blockio, which the parser refuses;</li>
 * <li>{@code blockSize}: 512 (IET's blockio took the device's logical block size instead; jiet refuses to open a
 * blockio LUN whose BlockSize is below the device's logical block size);</li>
 * <li>{@code blocks}: only for nullio, by default 64 GiB worth ({@code 2^36 / blockSize}); the size of fileio and
 * blockio LUNs comes from their path;</li>
 * <li>{@code extraOptions}: only the jiet extension keys thin, identity, vendorid, productid, productrev,
 * rdac, with values as written (read them through the typed accessors below);</li>
 * <li>{@code line}: where the Lun line starts in the file.</li>
 * </ul>
 */
public record LunDefinition(int lun, String type, Optional<String> path, Optional<String> scsiId,
                            Optional<String> scsiSn, LunIoMode ioMode, int blockSize, Optional<Long> blocks,
                            Map<String, String> extraOptions, int line) {

    /** {@code VendorId=}: the standard INQUIRY T10 vendor identification (at most 8 characters); IET's is IET. */
    public Optional<String> vendorId() {
        return Optional.ofNullable(extraOptions.get("vendorid"));
    }

    /** {@code ProductId=}: the INQUIRY product identification (at most 16 characters); IET's is VIRTUAL-DISK. */
    public Optional<String> productId() {
        return Optional.ofNullable(extraOptions.get("productid"));
    }

    /** {@code ProductRev=}: the INQUIRY product revision level (at most 4 characters); IET's is 0. */
    public Optional<String> productRev() {
        return Optional.ofNullable(extraOptions.get("productrev"));
    }

    /**
     * {@code Rdac=yes}: the LU presents the LSI/Engenio RDAC personality (vendor VPD pages C2/C4/C8/C9, mode page
     * 0x2C ownership) and reports TPGS=0 whatever the target's Alua line says. Default no.
     */
    public boolean rdac() {
        return yes("rdac");
    }

    /** {@code Thin=yes}: the LU reports thin provisioning (UNMAP, logical block provisioning VPD). Default no. */
    public boolean thin() {
        return yes("thin");
    }

    /**
     * {@code Identity=iet|naa}: {@code iet} (the default) keeps IET's single T10 vendor-id designator in VPD
     * 0x83 so WWIDs stay as they were; {@code naa} (also spelled {@code modern}) opts into an NAA designator, which
     * changes every WWID.
     */
    public boolean modernIdentity() {
        String identity = extraOptions.get("identity");
        return "naa".equalsIgnoreCase(identity) || "modern".equalsIgnoreCase(identity);
    }

    private boolean yes(String key) {
        return "yes".equalsIgnoreCase(extraOptions.get(key));
    }
}
