package io.jiet.server.admin;

import io.jiet.conf.Account;
import io.jiet.conf.IetdConfig;
import io.jiet.conf.LunDefinition;
import io.jiet.conf.LunIoMode;
import io.jiet.conf.PortalAddress;
import io.jiet.conf.TargetDefinition;
import io.jiet.conf.TargetParameter;
import io.jiet.conf.TargetParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ietd.conf lines as jietadm writes them: one statement per line in IET's syntax, and the statement structure of
 * existing text (which physical lines each statement spans, continuations and comments included), so a rewrite
 * can replace exactly the lines it changes. Stateless.
 */
final class ConfigFileText {
    /** The indentation of generated statements inside a Target block. */
    static final String INDENT = "    ";
    private static final long NULLIO_DEFAULT_BYTES = 1L << 36;
    /** jiet's extension keys as their documentation spells them (the model keeps them lower-cased). */
    private static final List<String> EXTENSION_SPELLING =
            List.of("Thin", "Identity", "VendorId", "ProductId", "ProductRev", "Rdac");

    private ConfigFileText() {
    }

    /** One statement of existing text: its keyword (lower case) and first and last physical lines (0-based). */
    record Statement(String keyword, int first, int last) {
    }

    /** The statements of {@code lines}, as ietd-conf reads them: '#' comments, backslash continuations. */
    static List<Statement> statements(List<String> lines) {
        List<Statement> out = new ArrayList<>();
        int start = -1;
        StringBuilder pending = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String content = withoutComment(lines.get(i)).stripTrailing();
            boolean continues = content.endsWith("\\");
            if (continues) {
                content = content.substring(0, content.length() - 1);
            }
            if (start < 0) {
                start = i;
                pending.setLength(0);
                pending.append(content);
            } else {
                pending.append(content.stripLeading());
            }
            if (!continues || i == lines.size() - 1) {
                String text = pending.toString().strip();
                if (!text.isEmpty()) {
                    out.add(new Statement(text.split("\\s+")[0].toLowerCase(Locale.ROOT), start, i));
                }
                start = -1;
            }
        }
        return out;
    }

    private static String withoutComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** {@code Lun N Path=...,Type=...}: defaults left out except Type, keys spelled as IET documented them. */
    static String lunLine(LunDefinition d) {
        List<String> items = new ArrayList<>();
        d.path().ifPresent(p -> items.add("Path=" + p));
        items.add("Type=" + d.type());
        d.scsiId().ifPresent(v -> items.add("ScsiId=" + v));
        d.scsiSn().ifPresent(v -> items.add("ScsiSN=" + v));
        if (d.ioMode() != LunIoMode.WT) {
            items.add("IOMode=" + d.ioMode().name().toLowerCase(Locale.ROOT));
        }
        if (d.blockSize() != 512) {
            items.add("BlockSize=" + d.blockSize());
        }
        d.blocks().filter(b -> b != NULLIO_DEFAULT_BYTES / d.blockSize()).ifPresent(b -> items.add("Blocks=" + b));
        for (String key : EXTENSION_SPELLING) {
            String value = d.extraOptions().get(key.toLowerCase(Locale.ROOT));
            if (value != null) {
                items.add(key + "=" + value);
            }
        }
        for (Map.Entry<String, String> e : d.extraOptions().entrySet()) {
            if (EXTENSION_SPELLING.stream().noneMatch(k -> k.equalsIgnoreCase(e.getKey()))) {
                items.add(e.getKey() + "=" + e.getValue());
            }
        }
        return "Lun " + d.lun() + " " + String.join(",", items);
    }

    static String parameterLine(TargetParameter parameter, String value) {
        return parameter.keyword() + " " + value;
    }

    static String accountLine(RunningConfiguration.AccountKind kind, Account account) {
        return kind.keyword() + " " + account.user() + " " + account.secret();
    }

    static List<String> accountLines(List<Account> incoming, Optional<Account> outgoing) {
        List<String> out = new ArrayList<>();
        incoming.forEach(a -> out.add(accountLine(RunningConfiguration.AccountKind.INCOMING, a)));
        outgoing.ifPresent(a -> out.add(accountLine(RunningConfiguration.AccountKind.OUTGOING, a)));
        return out;
    }

    /** A whole Target block, parameters only where they differ from IET's defaults. */
    static List<String> targetBlock(TargetDefinition t) {
        List<String> out = new ArrayList<>();
        out.add("Target " + t.name());
        t.alias().ifPresent(a -> out.add(INDENT + "Alias " + a));
        accountLines(t.incomingUsers(), t.outgoingUser()).forEach(l -> out.add(INDENT + l));
        for (TargetParameter p : TargetParameter.values()) {
            Optional<String> value = TargetParameterValues.valueOf(p, t.parameters());
            if (value.isPresent() && !value.equals(TargetParameterValues.valueOf(p, TargetParameters.IET_DEFAULTS))) {
                out.add(INDENT + parameterLine(p, value.get()));
            }
        }
        t.luns().forEach(l -> out.add(INDENT + lunLine(l)));
        return out;
    }

    /** A whole file for a configuration, with a header saying where it came from. */
    static String generate(IetdConfig config, String header) {
        List<String> out = new ArrayList<>(Arrays.asList(header.split("\n")));
        for (PortalAddress p : config.portals()) {
            out.add("Portal " + p);
        }
        out.addAll(accountLines(config.incomingUsers(), config.outgoingUser()));
        for (TargetDefinition t : config.targets()) {
            out.add("");
            out.addAll(targetBlock(t));
        }
        return String.join("\n", out) + "\n";
    }
}
