package io.jiet.scsi.pr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a logical unit keeps its persistent reservations while APTPL is set (SPC-4 §5.13.5, "persist through
 * power loss"): one text file per logical unit in the daemon's state directory. Every change is written to a
 * temporary file that is forced to disk, renamed over the old one and followed by a force of the directory, so
 * after a crash (or {@code kill -9}) the file holds either the old or the new state, never a torn mix.
 * <p>
 * Threading: not thread-safe; {@link Reservations} calls it under its own lock.
 */
public final class AptplFile {

    private static final String HEADER = "# jiet persistent reservations (APTPL); rewritten atomically by jietd";
    private static final String VERSION = "version 1";

    private final Path file;

    private AptplFile(Path file) {
        this.file = file;
    }

    /**
     * The file for the logical unit called {@code unitName} (e.g. "target:lun") in {@code directory}, which is
     * created when the first state is saved. Characters outside {@code [A-Za-z0-9._-]} are escaped in the name.
     */
    public static AptplFile in(Path directory, String unitName) {
        StringBuilder name = new StringBuilder("pr-");
        for (byte b : unitName.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
                name.append(c);
            } else {
                name.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return new AptplFile(directory.resolve(name.append(".state").toString()));
    }

    public Path path() {
        return file;
    }

    /** Whether the directory exists and is writable, or can be created (its nearest existing parent is writable). */
    public boolean writable() {
        Path dir = file.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        return dir != null && Files.isDirectory(dir) && Files.isWritable(dir);
    }

    /** The saved state, if a file exists. */
    public Optional<State> load() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(State.parse(lines, file));
    }

    /** Replaces the saved state atomically and durably. */
    public void save(State state) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(file.getFileName() + ".tmp");
        byte[] content = state.format().getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(dir);
    }

    /** Removes the saved state (APTPL cleared, or nothing left to persist). */
    public void delete() throws IOException {
        if (Files.deleteIfExists(file)) {
            forceDirectory(file.getParent());
        }
    }

    /** fsync on the directory makes the rename itself durable (Linux allows opening a directory for reading). */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can open a directory; the rename is then as durable as the file system makes it.
        }
    }

    /**
     * The persisted part of the reservation state: the PRgeneration, the registrations in order, and the
     * reservation (type and the index of the holder's registration, -1 for all-registrants types).
     */
    public record State(int generation, List<Registration> registrations, Optional<ReservationType> type,
                        int holderIndex) {

        public State {
            registrations = List.copyOf(registrations);
        }

        String format() {
            StringBuilder s = new StringBuilder(HEADER).append('\n').append(VERSION).append('\n');
            s.append("generation ").append(Integer.toUnsignedString(generation)).append('\n');
            for (Registration r : registrations) {
                s.append("registration ").append(String.format("%016x", r.key())).append(' ').append(r.port())
                        .append(' ').append(r.relativeTargetPortId()).append(' ').append(r.allTargetPorts() ? 1 : 0)
                        .append('\n');
            }
            type.ifPresent(t -> s.append("reservation ").append(t.code()).append(' ').append(holderIndex)
                    .append('\n'));
            return s.toString();
        }

        static State parse(List<String> lines, Path file) throws IOException {
            int generation = 0;
            List<Registration> registrations = new ArrayList<>();
            Optional<ReservationType> type = Optional.empty();
            int holder = -1;
            boolean versioned = false;
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\s+");
                try {
                    switch (f[0]) {
                        case "version" -> versioned = f.length == 2 && f[1].equals("1");
                        case "generation" -> generation = Integer.parseUnsignedInt(f[1]);
                        case "registration" -> registrations.add(new Registration(InitiatorPort.parse(f[2]),
                                Integer.parseInt(f[3]), f[4].equals("1"), Long.parseUnsignedLong(f[1], 16)));
                        case "reservation" -> {
                            type = Optional.of(ReservationType.of(Integer.parseInt(f[1])).orElseThrow());
                            holder = Integer.parseInt(f[2]);
                        }
                        default -> throw new IOException(file + ":" + (n + 1) + ": unknown entry " + f[0]);
                    }
                } catch (RuntimeException e) {
                    throw new IOException(file + ":" + (n + 1) + ": cannot read '" + line + "'", e);
                }
            }
            if (!versioned) {
                throw new IOException(file + ": not a jiet persistent reservation file (no '" + VERSION + "')");
            }
            if (type.isPresent() && (holder >= registrations.size()
                    || holder < 0 && !type.get().allRegistrants())) {
                throw new IOException(file + ": reservation holder " + holder + " is not a registration");
            }
            return new State(generation, registrations, type, holder);
        }
    }
}
