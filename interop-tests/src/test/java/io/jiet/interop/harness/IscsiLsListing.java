package io.jiet.interop.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code iscsi-ls -s} prints: per target {@code Target:IQN Portal:ADDR:PORT,TPGT}, then per LUN
 * {@code Lun:N    Type:DEVTYPE (Size:63M)} (the size only for direct-access LUs).
 */
public record IscsiLsListing(List<Target> targets) {

    private static final Pattern TARGET = Pattern.compile("^Target:(\\S+) Portal:(\\S+)$");
    private static final Pattern LUN = Pattern.compile("^Lun:(\\d+)\\s+Type:(\\S+)(?: \\(Size:([^)]*)\\))?.*$");

    public IscsiLsListing {
        targets = List.copyOf(targets);
    }

    public record Lun(int number, String type, Optional<String> size) {
    }

    public record Target(String name, String portal, List<Lun> luns) {
        public Target {
            luns = List.copyOf(luns);
        }
    }

    public static IscsiLsListing parse(String stdout) {
        List<Target> targets = new ArrayList<>();
        String name = null;
        String portal = null;
        List<Lun> luns = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            Matcher t = TARGET.matcher(line);
            Matcher l = LUN.matcher(line);
            if (t.matches()) {
                if (name != null) {
                    targets.add(new Target(name, portal, luns));
                }
                name = t.group(1);
                portal = t.group(2);
                luns = new ArrayList<>();
            } else if (l.matches() && name != null) {
                luns.add(new Lun(Integer.parseInt(l.group(1)), l.group(2), Optional.ofNullable(l.group(3))));
            }
        }
        if (name != null) {
            targets.add(new Target(name, portal, luns));
        }
        return new IscsiLsListing(targets);
    }

    public Optional<Target> target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * The size text iscsi-ls prints for a LU of {@code blocks} blocks: it multiplies READ CAPACITY(10)'s returned
     * (last) LBA by the block length, then divides by 1024 while the value exceeds 1024, at most four times,
     * suffixing {@code ' ', k, M, G, T} (libiscsi utils/iscsi-ls.c). The last-LBA product is one block short,
     * which is why a 64 MiB LU prints as {@code 63M}.
     */
    public static String sizeAsPrinted(long blocks, int blockLength) {
        final char[] suffixes = {' ', 'k', 'M', 'G', 'T'};
        long size = (blocks - 1) * blockLength;
        int step = 0;
        while (step < 4 && size > 1024) {
            size /= 1024;
            step++;
        }
        return Long.toString(size) + suffixes[step];
    }
}
