package io.jiet.conf.access;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * IET's access files, consulted at every login and SendTargets answer, with IET 1.4.20's semantics (usr/plain.c):
 * <ul>
 * <li>{@code initiators.allow}: may an initiator (by name or address) log in to a target? No file: yes. Otherwise
 * the first line naming the target or {@code ALL} decides: yes if one of its items matches ({@code ALL}, the
 * initiator's address or network, or an initiator-name pattern, anchored, POSIX basic syntax), else no. A file
 * without such a line: no.</li>
 * <li>{@code targets.allow}: is a target reachable on a local (portal) address, i.e. is that address advertised by
 * SendTargets and a login on it accepted? Same rules, items are addresses only.</li>
 * <li>{@code initiators.deny} (deprecated in IET 1.4.20, still honoured): when it exists, an initiator is refused
 * only if its deny line matches and its initiators.allow line does not.</li>
 * </ul>
 * Each file is looked for in the directories given, in order (IET: {@code /etc/iet}, then {@code /etc}); the
 * first directory holding it wins. A file that exists but cannot be read refuses (IET refused too).
 *
 * <p>Files are re-read only when they change: every call stats the file (modification time, size, file key) and
 * reuses the parsed content otherwise. A file modified within {@link #RACY_WINDOW} of being read is re-read on
 * every call until it is older, so that a rewrite inside the file system's timestamp granularity is not missed.
 *
 * <p>Thread-safe: the parsed files are immutable snapshots in a concurrent map; concurrent callers may both read a
 * changed file, which is harmless.
 */
public final class AccessRules {
    public static final String INITIATORS_ALLOW = "initiators.allow";
    public static final String INITIATORS_DENY = "initiators.deny";
    public static final String TARGETS_ALLOW = "targets.allow";
    /** IET's search order. */
    public static final List<Path> IET_DIRECTORIES = List.of(Path.of("/etc/iet"), Path.of("/etc"));
    static final Duration RACY_WINDOW = Duration.ofSeconds(2);

    private final List<Path> directories;
    private final Consumer<String> remarks;
    private final Clock clock;
    private final ConcurrentHashMap<Path, Snapshot> cache = new ConcurrentHashMap<>();

    private AccessRules(List<Path> directories, Consumer<String> remarks, Clock clock) {
        this.directories = List.copyOf(directories);
        this.remarks = Objects.requireNonNull(remarks);
        this.clock = clock;
    }

    /**
     * IET's files: {@code /etc/iet/NAME}, else {@code /etc/NAME}. {@code remarks} receives one
     * {@code FILE:LINE: message} per entry that can never match, each time a file is (re)read; log them as
     * warnings.
     */
    public static AccessRules standard(Consumer<String> remarks) {
        return in(IET_DIRECTORIES, remarks);
    }

    /** The files in {@code directories}, searched in order. */
    public static AccessRules in(List<Path> directories, Consumer<String> remarks) {
        return new AccessRules(directories, remarks, Clock.systemUTC());
    }

    static AccessRules in(List<Path> directories, Consumer<String> remarks, Clock clock) {
        return new AccessRules(directories, remarks, clock);
    }

    /** May {@code initiatorName}, connecting from {@code initiatorAddress}, log in to {@code targetName}? */
    public boolean initiatorAllowed(String targetName, String initiatorName, InetAddress initiatorAddress) {
        return checkInitiator(targetName, initiatorName, initiatorAddress).allowed();
    }

    /** {@link #initiatorAllowed} with the reason, for the log. */
    public AccessDecision checkInitiator(String targetName, String initiatorName, InetAddress initiatorAddress) {
        Optional<String> name = Optional.of(initiatorName);
        Verdict allow = verdict(INITIATORS_ALLOW, targetName, name, initiatorAddress);
        Verdict deny = verdict(INITIATORS_DENY, targetName, name, initiatorAddress);
        String who = initiatorName + " from " + initiatorAddress.getHostAddress();
        if (deny.kind() != Kind.NO_FILE) {
            if (deny.kind() == Kind.UNREADABLE) {
                return new AccessDecision(false, deny.reason());
            }
            boolean denied = deny.kind() == Kind.MATCHED && allow.kind() != Kind.MATCHED;
            return new AccessDecision(!denied, denied
                    ? deny.reason() + " denies " + who + (allow.kind() == Kind.NO_FILE ? "" : "; " + allow.reason())
                    : (allow.kind() == Kind.MATCHED ? allow.reason() + " allows " + who
                            : deny.reason() + " does not deny " + who));
        }
        return decision(allow, who);
    }

    /** Is {@code targetName} reachable through the local address {@code portalAddress} (targets.allow)? */
    public boolean targetVisible(String targetName, InetAddress portalAddress) {
        return checkTarget(targetName, portalAddress).allowed();
    }

    /** {@link #targetVisible} with the reason, for the log. */
    public AccessDecision checkTarget(String targetName, InetAddress portalAddress) {
        return decision(verdict(TARGETS_ALLOW, targetName, Optional.empty(), portalAddress),
                "portal " + portalAddress.getHostAddress());
    }

    private static AccessDecision decision(Verdict v, String who) {
        return switch (v.kind()) {
            case NO_FILE, MATCHED -> new AccessDecision(true, v.reason() + (v.kind() == Kind.MATCHED
                    ? " allows " + who : ""));
            case NOT_LISTED, UNREADABLE -> new AccessDecision(false, v.reason()
                    + (v.kind() == Kind.NOT_LISTED ? " (" + who + ")" : ""));
        };
    }

    private enum Kind { NO_FILE, MATCHED, NOT_LISTED, UNREADABLE }

    private record Verdict(Kind kind, String reason) {
    }

    private Verdict verdict(String fileName, String targetName, Optional<String> initiatorName, InetAddress from) {
        Optional<Snapshot> found;
        try {
            found = snapshot(fileName);
        } catch (IOException e) {
            return new Verdict(Kind.UNREADABLE, fileName + " cannot be read (" + e + "); refusing");
        }
        if (found.isEmpty()) {
            return new Verdict(Kind.NO_FILE, "no " + fileName + " in " + directories);
        }
        Snapshot snapshot = found.get();
        if (snapshot.failure() != null) {
            return new Verdict(Kind.UNREADABLE, snapshot.path() + " cannot be read (" + snapshot.failure()
                    + "); refusing");
        }
        AccessFile file = snapshot.content();
        Optional<AccessLine> line = file.lineFor(targetName);
        if (line.isEmpty()) {
            return new Verdict(Kind.NOT_LISTED, file.path() + " has no line for " + targetName + " or ALL");
        }
        AccessLine l = line.get();
        String where = file.path() + ":" + l.number() + " (" + l.target() + ")";
        return l.admitting(initiatorName, from)
                .map(item -> new Verdict(Kind.MATCHED, where + " item " + item.text()))
                .orElseGet(() -> new Verdict(Kind.NOT_LISTED, where + " lists neither"
                        + initiatorName.map(n -> " " + n + " nor").orElse("") + " " + from.getHostAddress()));
    }

    /** The current content of {@code fileName} from the first directory that has it; empty when none has. */
    private Optional<Snapshot> snapshot(String fileName) throws IOException {
        for (Path dir : directories) {
            Path path = dir.resolve(fileName);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                cache.remove(path);
                continue;
            }
            Snapshot cached = cache.get(path);
            if (cached != null && cached.isCurrent(attributes)) {
                return Optional.of(cached);
            }
            Snapshot fresh = read(path, fileName, attributes);
            cache.put(path, fresh);
            return Optional.of(fresh);
        }
        return Optional.empty();
    }

    private Snapshot read(Path path, String fileName, BasicFileAttributes attributes) {
        Instant readAt = clock.instant();
        try {
            String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
            AccessFile content = AccessFile.parse(path, text, !fileName.equals(TARGETS_ALLOW));
            if (fileName.equals(INITIATORS_DENY)) {
                remarks.accept(path + ":1: initiators.deny is deprecated (IET 1.4.20 said so too); list the allowed"
                        + " initiators in initiators.allow instead");
            }
            content.remarks().forEach(remarks);
            return new Snapshot(path, attributes, readAt, content, null);
        } catch (IOException e) {
            remarks.accept(path + ": cannot be read (" + e + "); logins it governs are refused");
            return new Snapshot(path, attributes, readAt, null, e.toString());
        }
    }

    /** One read of a file and the attributes it had; {@code content} null when reading failed. */
    private record Snapshot(Path path, BasicFileAttributes attributes, Instant readAt, AccessFile content,
                            String failure) {
        boolean isCurrent(BasicFileAttributes now) {
            FileTime modified = now.lastModifiedTime();
            return modified.equals(attributes.lastModifiedTime()) && now.size() == attributes.size()
                    && Objects.equals(now.fileKey(), attributes.fileKey())
                    && modified.toInstant().isBefore(readAt.minus(RACY_WINDOW));
        }
    }
}
