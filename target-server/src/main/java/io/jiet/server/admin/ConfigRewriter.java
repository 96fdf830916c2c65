package io.jiet.server.admin;

import io.jiet.conf.IetdConfig;
import io.jiet.conf.LunDefinition;
import io.jiet.conf.TargetDefinition;
import io.jiet.conf.TargetParameter;
import io.jiet.server.admin.ConfigFileText.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Rewrites the text of an ietd.conf so that it describes a running configuration, touching only the statements
 * that differ: comments, blank lines, layout and everything jietadm does not manage (Portal, iSNS and multipath
 * lines) stay as they were. A target no longer running loses its whole block (comments inside it included); a new
 * one is appended at the end. Changed parameters replace their line in place, new ones follow the Target line,
 * new LUNs follow the block's last statement.
 * <p>
 * Not thread-safe: one instance rewrites one text.
 */
final class ConfigRewriter {
    private final List<String> lines;
    private final List<Statement> statements;
    /** Per original line: null to keep it, else what replaces it (empty to drop it). */
    private final List<List<String>> replacement;
    private final List<List<String>> insertedAfter;
    private final List<String> appended = new ArrayList<>();

    private ConfigRewriter(String text) {
        List<String> split = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!split.isEmpty() && split.getLast().isEmpty()) {
            split.removeLast();
        }
        this.lines = split;
        this.statements = ConfigFileText.statements(split);
        this.replacement = new ArrayList<>();
        this.insertedAfter = new ArrayList<>();
        for (int i = 0; i < split.size(); i++) {
            replacement.add(null);
            insertedAfter.add(new ArrayList<>());
        }
    }

    /** A Target statement and the statements of its block; {@code end} is the block's last statement line. */
    private record Block(Statement target, List<Statement> body, int end) {
    }

    /**
     * {@code text} (whose parsed form is {@code file}) changed to describe {@code running}. Targets are matched by
     * name, case-insensitively.
     */
    static String rewrite(String text, IetdConfig file, IetdConfig running) {
        ConfigRewriter r = new ConfigRewriter(text);
        r.apply(file, running);
        return r.result();
    }

    private void apply(IetdConfig file, IetdConfig running) {
        List<Statement> global = new ArrayList<>();
        Map<String, Block> blocks = new HashMap<>();
        List<Block> inOrder = new ArrayList<>();
        Statement firstTarget = null;
        for (int i = 0; i < statements.size(); i++) {
            Statement s = statements.get(i);
            if (!s.keyword().equals("target")) {
                if (firstTarget == null) {
                    global.add(s);
                }
                continue;
            }
            if (firstTarget == null) {
                firstTarget = s;
            }
            List<Statement> body = new ArrayList<>();
            int j = i + 1;
            while (j < statements.size() && !statements.get(j).keyword().equals("target")) {
                body.add(statements.get(j++));
            }
            Block block = new Block(s, body, body.isEmpty() ? s.last() : body.getLast().last());
            inOrder.add(block);
        }
        for (int k = 0; k < inOrder.size() && k < file.targets().size(); k++) {
            blocks.put(key(file.targets().get(k).name()), inOrder.get(k));
        }

        if (!file.incomingUsers().equals(running.incomingUsers())
                || !file.outgoingUser().equals(running.outgoingUser())) {
            List<String> accountLines = ConfigFileText.accountLines(running.incomingUsers(), running.outgoingUser());
            List<Statement> existing = withKeyword(global, "incominguser", "outgoinguser");
            if (!existing.isEmpty()) {
                replaceAll(existing, accountLines, "");
            } else if (firstTarget != null) {
                List<String> before = new ArrayList<>(accountLines);
                if (!before.isEmpty()) {
                    before.add("");
                }
                insertBefore(firstTarget.first(), before);
            } else {
                appended.addAll(accountLines);
            }
        }

        for (TargetDefinition inFile : file.targets()) {
            Block block = blocks.get(key(inFile.name()));
            Optional<TargetDefinition> live = running.target(inFile.name());
            if (live.isEmpty()) {
                for (int line = block.target().first(); line <= block.end(); line++) {
                    replacement.set(line, List.of());
                }
            } else {
                updateBlock(block, inFile, live.get());
            }
        }
        for (TargetDefinition t : running.targets()) {
            if (file.target(t.name()).isEmpty()) {
                appended.add("");
                appended.addAll(ConfigFileText.targetBlock(t));
            }
        }
    }

    private void updateBlock(Block block, TargetDefinition inFile, TargetDefinition live) {
        String indent = block.body().isEmpty() ? ConfigFileText.INDENT : indentOf(block.body().getFirst().first());
        int header = block.target().last();
        if (!inFile.alias().equals(live.alias())) {
            List<Statement> aliases = withKeyword(block.body(), "alias");
            List<String> line = live.alias().map(a -> List.of("Alias " + a)).orElse(List.of());
            if (!aliases.isEmpty()) {
                replaceAll(aliases, line, indent);
            } else {
                line.forEach(l -> insertedAfter.get(header).add(indent + l));
            }
        }
        if (!inFile.incomingUsers().equals(live.incomingUsers())
                || !inFile.outgoingUser().equals(live.outgoingUser())) {
            List<String> accountLines = ConfigFileText.accountLines(live.incomingUsers(), live.outgoingUser());
            List<Statement> existing = withKeyword(block.body(), "incominguser", "outgoinguser");
            if (!existing.isEmpty()) {
                replaceAll(existing, accountLines, indent);
            } else {
                accountLines.forEach(l -> insertedAfter.get(header).add(indent + l));
            }
        }
        for (TargetParameter p : TargetParameter.values()) {
            Optional<String> was = TargetParameterValues.valueOf(p, inFile.parameters());
            Optional<String> now = TargetParameterValues.valueOf(p, live.parameters());
            if (now.isEmpty() || now.equals(was)) {
                continue;
            }
            String line = ConfigFileText.parameterLine(p, now.get());
            List<Statement> existing = withKeyword(block.body(), p.keyword().toLowerCase(Locale.ROOT));
            if (!existing.isEmpty()) {
                replaceAll(existing.subList(existing.size() - 1, existing.size()), List.of(line), indent);
                existing.subList(0, existing.size() - 1).forEach(s -> drop(s));
            } else {
                insertedAfter.get(header).add(indent + line);
            }
        }
        Map<Integer, Statement> lunStatements = new HashMap<>();
        for (LunDefinition lun : inFile.luns()) {
            block.body().stream().filter(s -> s.first() + 1 == lun.line()).findFirst()
                    .ifPresent(s -> lunStatements.put(lun.lun(), s));
        }
        for (LunDefinition lun : inFile.luns()) {
            Statement s = lunStatements.get(lun.lun());
            Optional<LunDefinition> now = live.lun(lun.lun());
            if (now.isEmpty()) {
                drop(s);
            } else if (!sameLun(lun, now.get())) {
                replaceAll(List.of(s), List.of(ConfigFileText.lunLine(now.get())), indent);
            }
        }
        for (LunDefinition lun : live.luns()) {
            if (inFile.lun(lun.lun()).isEmpty()) {
                insertedAfter.get(block.end()).add(indent + ConfigFileText.lunLine(lun));
            }
        }
    }

    /** The same Lun line, whatever line of the file it was read from. */
    static boolean sameLun(LunDefinition a, LunDefinition b) {
        return a.lun() == b.lun() && a.type().equals(b.type()) && a.path().equals(b.path())
                && a.scsiId().equals(b.scsiId()) && a.scsiSn().equals(b.scsiSn()) && a.ioMode() == b.ioMode()
                && a.blockSize() == b.blockSize() && a.blocks().equals(b.blocks())
                && a.extraOptions().equals(b.extraOptions());
    }

    /** {@code existing} statements give way to {@code newLines}, written where the first of them was. */
    private void replaceAll(List<Statement> existing, List<String> newLines, String indent) {
        Statement first = existing.getFirst();
        List<String> indented = newLines.stream().map(l -> indentOf(first.first(), indent) + l).toList();
        for (Statement s : existing) {
            drop(s);
        }
        replacement.set(first.first(), indented);
    }

    private void drop(Statement s) {
        if (s == null) {
            return;
        }
        for (int line = s.first(); line <= s.last(); line++) {
            replacement.set(line, List.of());
        }
    }

    private void insertBefore(int line, List<String> newLines) {
        List<String> keep = replacement.get(line) != null ? replacement.get(line) : List.of(lines.get(line));
        List<String> combined = new ArrayList<>(newLines);
        combined.addAll(keep);
        replacement.set(line, combined);
    }

    /** The indentation of an existing line, or {@code fallback} for an unindented one. */
    private String indentOf(int line, String fallback) {
        String l = lines.get(line);
        int n = 0;
        while (n < l.length() && (l.charAt(n) == ' ' || l.charAt(n) == '\t')) {
            n++;
        }
        return n == 0 ? fallback : l.substring(0, n);
    }

    private String indentOf(int line) {
        return indentOf(line, ConfigFileText.INDENT);
    }

    private static List<Statement> withKeyword(List<Statement> statements, String... keywords) {
        List<String> wanted = List.of(keywords);
        return statements.stream().filter(s -> wanted.contains(s.keyword())).toList();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private String result() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            List<String> replaced = replacement.get(i);
            out.addAll(replaced == null ? List.of(lines.get(i)) : replaced);
            out.addAll(insertedAfter.get(i));
        }
        out.addAll(appended);
        return out.isEmpty() ? "" : String.join("\n", out) + "\n";
    }

    /** Describes the first way {@code written} differs from {@code running} in what jietadm manages, if any. */
    static Optional<String> firstDifference(IetdConfig written, IetdConfig running) {
        if (!written.incomingUsers().equals(running.incomingUsers())
                || !written.outgoingUser().equals(running.outgoingUser())) {
            return Optional.of("discovery accounts");
        }
        if (written.targets().size() != running.targets().size()) {
            return Optional.of("number of targets " + written.targets().size() + " instead of "
                    + running.targets().size());
        }
        for (TargetDefinition r : running.targets()) {
            Optional<TargetDefinition> w = written.target(r.name());
            if (w.isEmpty()) {
                return Optional.of("target " + r.name() + " missing");
            }
            TargetDefinition t = w.get();
            if (!t.alias().equals(r.alias()) || !t.parameters().equals(r.parameters())
                    || !t.incomingUsers().equals(r.incomingUsers()) || !t.outgoingUser().equals(r.outgoingUser())) {
                return Optional.of("target " + r.name() + ": alias, parameters or accounts");
            }
            if (t.luns().size() != r.luns().size()) {
                return Optional.of("target " + r.name() + ": LUNs");
            }
            for (LunDefinition lun : r.luns()) {
                if (t.lun(lun.lun()).filter(l -> sameLun(l, lun)).isEmpty()) {
                    return Optional.of("target " + r.name() + " LUN " + lun.lun());
                }
            }
        }
        return Optional.empty();
    }
}
