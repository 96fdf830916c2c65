package io.jiet.interop.harness;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes ietd.conf text the way an administrator would (IET's syntax: one statement per line, target parameters
 * indented under their {@code Target} line). Not thread-safe; one test builds one file.
 */
public final class IetdConf {
    private final StringBuilder text = new StringBuilder("# written by jiet interop-tests\n");

    public static IetdConf create() {
        return new IetdConf();
    }

    public IetdConf target(String name) {
        text.append("Target ").append(name).append('\n');
        return this;
    }

    /** A per-target keyword such as {@code InitialR2T No} or {@code MaxRecvDataSegmentLength 8192}. */
    public IetdConf parameter(String keyword, String value) {
        text.append("    ").append(keyword).append(' ').append(value).append('\n');
        return this;
    }

    /** {@code Lun N Path=IMAGE,Type=fileio[,extra...]}; extras are {@code Key=Value} strings such as {@code ScsiId=…}. */
    public IetdConf fileioLun(int lun, Path image, String... extraParameters) {
        return lun(lun, "Path=" + image.toAbsolutePath() + ",Type=fileio", extraParameters);
    }

    /**
     * {@code Lun N Path=IMAGE,Type=blockio[,extra...]}. blockio may open its path with O_DIRECT, which tmpfs
     * refuses: keep the image on a disk file system.
     */
    public IetdConf blockioLun(int lun, Path image, String... extraParameters) {
        return lun(lun, "Path=" + image.toAbsolutePath() + ",Type=blockio", extraParameters);
    }

    /** {@code Lun N Type=nullio,Blocks=BLOCKS[,extra...]}: writes are discarded, reads return zeros. */
    public IetdConf nullioLun(int lun, long blocks, String... extraParameters) {
        return lun(lun, "Type=nullio,Blocks=" + blocks, extraParameters);
    }

    private IetdConf lun(int lun, String parameters, String... extraParameters) {
        text.append("    Lun ").append(lun).append(' ').append(parameters);
        for (String extra : extraParameters) {
            text.append(',').append(extra);
        }
        text.append('\n');
        return this;
    }

    public String text() {
        return text.toString();
    }

    /** A sparse backing file of exactly {@code bytes} bytes (reads as zeros). */
    public static Path sparseImage(Path dir, String name, long bytes) {
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create backing file " + file, e);
        }
        return file;
    }

    @Override
    public String toString() {
        return text();
    }
}
