package io.jiet.conf;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code Lun N key=value,...}. Keys are case-insensitive and values keep their case, as IET's kernel side
 * lower-cased only up to the '=' (iet_strtolower); {@code Type} and {@code IOMode} values were compared with
 * strcmp, so they are case-sensitive here too. Checks follow IET's volume.c and the iotype files:
 * <ul>
 * <li>LUN numbers 0..16383 ({@code info->lun > 0x3fff} was refused), unique within a target;</li>
 * <li>{@code Type} fileio (the default), blockio or nullio; fileio and blockio need {@code Path}, nullio has
 * none;</li>
 * <li>{@code ScsiId} at most 16 bytes; {@code ScsiSN} at most 32 printable ASCII characters;</li>
 * <li>{@code IOMode} wt (the default for every type: IET set write-back only on {@code IOMode=wb}), wb or ro;
 * {@code IOMode=wb} with {@code Type=blockio} is an error: blockio bypasses the page cache (O_DIRECT), so it has
 * no cache to write back from (IET silently wrote through instead, hiding the mistake);</li>
 * <li>{@code BlockSize} a power of two 512..4096 (default 512);</li>
 * <li>{@code Blocks} or its older alias {@code Sectors}: nullio's size in blocks of BlockSize, by default
 * 64 GiB worth ({@code 1 << (36 - blk_shift)} in null-io.c).</li>
 * </ul>
 * jiet's own keys ({@link #EXTENSION_KEYS}) are kept, lower-cased, in {@link LunDefinition#extraOptions()};
 * anything else is an error, as IET refused unknown parameters.
 */
final class LunLine {
    static final int MAX_LUN = 16383;
    static final int MAX_SCSI_ID_BYTES = 16;
    static final int MAX_SCSI_SN_BYTES = 32;
    static final long NULLIO_DEFAULT_BYTES = 1L << 36;

    /** jiet extensions, interpreted by the modules that own them. */
    static final List<String> EXTENSION_KEYS =
            List.of("thin", "identity", "vendorid", "productid", "productrev", "rdac");
    private static final List<String> IET_KEYS =
            List.of("path", "type", "scsiid", "scsisn", "iomode", "blocksize", "blocks", "sectors");
    private static final String ALLOWED_KEYS = "Path, Type, ScsiId, ScsiSN, IOMode, BlockSize, Blocks, Sectors"
            + " and jiet's Thin, Identity, VendorId, ProductId, ProductRev, Rdac";
    private static final List<String> TYPES = List.of("fileio", "blockio", "nullio");

    private final Statement statement;
    private final ParseState state;
    private final String prefix;
    /** Lower-cased key to value, in the order written. */
    private final Map<String, String> given = new LinkedHashMap<>();
    /** Lower-cased key to the key as written, for messages. */
    private final Map<String, String> spelled = new LinkedHashMap<>();

    private LunLine(Statement statement, ParseState state, int lun) {
        this.statement = statement;
        this.state = state;
        this.prefix = "Lun " + lun + ": ";
    }

    static LunDefinition parse(Statement s, TargetBlock target, ParseState state) throws ConfigException {
        if (s.args().isEmpty()) {
            throw state.error(s.line(), "Lun needs a number and parameters, e.g. Lun 0 Path=/dev/sdb,Type=blockio");
        }
        int lun = lunNumber(s, state);
        LunDefinition earlier = target.luns.get(lun);
        if (earlier != null) {
            throw state.error(s.line(), "Lun " + lun + " is already defined on line " + earlier.line()
                    + " for target " + target.name);
        }
        if (s.args().size() > 2) {
            throw state.error(s.line(), "Lun " + lun + " parameters must be one comma-separated list without"
                    + " blanks, e.g. Path=/dev/sdb,Type=blockio; found '"
                    + String.join(" ", s.args().subList(1, s.args().size())) + "'");
        }
        LunLine line = new LunLine(s, state, lun);
        line.split(s.args().size() == 2 ? s.args().get(1) : "");
        return line.definition(lun);
    }

    private static int lunNumber(Statement s, ParseState state) throws ConfigException {
        String text = s.args().getFirst();
        // IET read the number with strtol(.., 10): decimal only.
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw state.error(s.line(), "Lun number " + text + " is not a number in range 0.." + MAX_LUN);
        }
        String digits = text.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 5 || Integer.parseInt(digits) > MAX_LUN) {
            throw state.error(s.line(), "Lun " + text + " is out of range 0.." + MAX_LUN);
        }
        return Integer.parseInt(digits);
    }

    private void split(String list) throws ConfigException {
        for (String item : list.split(",", -1)) {
            if (item.isEmpty()) {
                continue; // IET's strsep loop skipped empty items
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw error(item + " is not KEY=VALUE; allowed keys: " + ALLOWED_KEYS);
            }
            String key = item.substring(0, eq);
            String lower = key.toLowerCase(Locale.ROOT);
            String value = item.substring(eq + 1);
            if (!IET_KEYS.contains(lower) && !EXTENSION_KEYS.contains(lower)) {
                throw error("unknown parameter " + key + "; allowed keys: " + ALLOWED_KEYS);
            }
            if (given.containsKey(lower)) {
                throw error(key + " is given twice");
            }
            if (value.isEmpty()) {
                throw error(key + "= has no value");
            }
            given.put(lower, value);
            spelled.put(lower, key);
        }
    }

    private LunDefinition definition(int lun) throws ConfigException {
        String type = given.getOrDefault("type", "fileio");
        if (!TYPES.contains(type)) {
            throw error("Type " + type + " is not fileio, blockio or nullio (case-sensitive, as in IET)");
        }
        Optional<String> path = Optional.ofNullable(given.get("path"));
        if (type.equals("nullio") && path.isPresent()) {
            throw error(spelled.get("path") + " does not apply to Type=nullio, which stores nothing");
        }
        if (!type.equals("nullio") && path.isEmpty()) {
            throw error("Type=" + type + " needs Path=FILE_OR_DEVICE");
        }
        int blockSize = blockSize();
        return new LunDefinition(lun, type, path, scsiId(), scsiSn(), ioMode(type), blockSize,
                blocks(type, blockSize), extraOptions(), statement.line());
    }

    private Optional<String> scsiId() throws ConfigException {
        String id = given.get("scsiid");
        if (id != null && id.getBytes(StandardCharsets.UTF_8).length > MAX_SCSI_ID_BYTES) {
            throw error("ScsiId " + id + " is " + id.getBytes(StandardCharsets.UTF_8).length
                    + " bytes long; at most " + MAX_SCSI_ID_BYTES + " are allowed");
        }
        return Optional.ofNullable(id);
    }

    private Optional<String> scsiSn() throws ConfigException {
        String sn = given.get("scsisn");
        if (sn == null) {
            return Optional.empty();
        }
        if (!sn.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw error("ScsiSN " + sn + " has characters other than printable ASCII");
        }
        if (sn.length() > MAX_SCSI_SN_BYTES) {
            throw error("ScsiSN " + sn + " is " + sn.length() + " characters long; at most " + MAX_SCSI_SN_BYTES
                    + " are allowed");
        }
        return Optional.of(sn);
    }

    private LunIoMode ioMode(String type) throws ConfigException {
        String mode = given.get("iomode");
        if (mode == null) {
            return LunIoMode.WT;
        }
        LunIoMode ioMode = switch (mode) {
            case "wt" -> LunIoMode.WT;
            case "wb" -> LunIoMode.WB;
            case "ro" -> LunIoMode.RO;
            default -> throw error("IOMode " + mode + " is not wt, wb or ro (case-sensitive, as in IET)");
        };
        if (ioMode == LunIoMode.WB && type.equals("blockio")) {
            throw error(spelled.get("iomode") + "=wb does not apply to Type=blockio, which bypasses the page cache"
                    + " (O_DIRECT) and has no write-back cache; use IOMode=wt or ro, or Type=fileio for write-back");
        }
        return ioMode;
    }

    private int blockSize() throws ConfigException {
        String text = given.get("blocksize");
        if (text == null) {
            return 512;
        }
        return switch (text) {
            case "512" -> 512;
            case "1024" -> 1024;
            case "2048" -> 2048;
            case "4096" -> 4096;
            default -> throw error("BlockSize " + text + " is not 512, 1024, 2048 or 4096");
        };
    }

    private Optional<Long> blocks(String type, int blockSize) throws ConfigException {
        String blocksKey = given.containsKey("blocks") ? "blocks" : "sectors";
        String text = given.get(blocksKey);
        if (given.containsKey("blocks") && given.containsKey("sectors")) {
            throw error("Blocks and Sectors both give the size; Sectors is the old name of Blocks, give one");
        }
        if (!type.equals("nullio")) {
            if (text != null) {
                throw error(spelled.get(blocksKey) + " applies only to Type=nullio; the size of a " + type
                        + " LUN is the size of its Path");
            }
            return Optional.empty();
        }
        if (text == null) {
            return Optional.of(NULLIO_DEFAULT_BYTES / blockSize);
        }
        long max = Long.MAX_VALUE / blockSize;
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw error(spelled.get(blocksKey) + " " + text + " is not a number in range 1.." + max);
        }
        long blocks;
        try {
            blocks = Long.parseLong(text);
        } catch (NumberFormatException e) {
            blocks = Long.MAX_VALUE;
        }
        if (blocks < 1 || blocks > max) {
            throw error(spelled.get(blocksKey) + " " + text + " is out of range 1.." + max);
        }
        return Optional.of(blocks);
    }

    private Map<String, String> extraOptions() throws ConfigException {
        Map<String, String> extra = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (EXTENSION_KEYS.contains(e.getKey())) {
                checkExtension(e.getKey(), e.getValue());
                extra.put(e.getKey(), e.getValue());
            }
        }
        return Collections.unmodifiableMap(extra);
    }

    /**
     * Rdac and Thin are yes/no, Identity iet/naa (or modern, any case). VendorId, ProductId and ProductRev go into SPC-4's
     * standard INQUIRY data: T10 vendor id 8 bytes, product id 16, revision 4, all printable ASCII.
     */
    private void checkExtension(String key, String value) throws ConfigException {
        if (key.equals("rdac") || key.equals("thin")) {
            if (YesNo.parse(value).isEmpty()) {
                throw error(spelled.get(key) + " " + value + " is not yes or no");
            }
            return;
        }
        if (key.equals("identity")) {
            if (!value.equalsIgnoreCase("iet") && !value.equalsIgnoreCase("naa") && !value.equalsIgnoreCase("modern")) {
                throw error(spelled.get(key) + " " + value + " is not iet or naa");
            }
            return;
        }
        int max = switch (key) {
            case "vendorid" -> 8;
            case "productid" -> 16;
            case "productrev" -> 4;
            default -> -1;
        };
        if (max < 0) {
            return;
        }
        if (!value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e) || value.length() > max) {
            throw error(spelled.get(key) + " " + value + " must be at most " + max + " printable ASCII characters");
        }
    }

    private ConfigException error(String problem) {
        return state.error(statement.line(), prefix + problem);
    }
}
