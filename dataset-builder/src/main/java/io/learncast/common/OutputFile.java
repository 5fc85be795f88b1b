package io.learncast.common;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where a command writes its {@code --out}, and how: the one writer for every output file learncast makes
 * (reports, corpus exports, feature tables, bench tables).
 * <ul>
 *   <li>a regular file, or a new one: written into a temporary file beside it and moved over it only when the
 *   result is complete, so a half-written file never replaces a good one;</li>
 *   <li>a character device or a FIFO ({@code /dev/null}, {@code /dev/stdout}, a named pipe): written directly
 *   — renaming a file over it would replace the device node itself;</li>
 *   <li>{@code -}: standard output, where the command supports it ({@link #standardOutput()}).</li>
 * </ul>
 * Symbolic links are followed, as shell redirection does: a link to a regular file has that file replaced (the
 * link stays a link), a link to a device is written through. A link to nothing is refused (learncast does not
 * create files through dangling links). Folders, block devices and sockets are refused.
 */
public final class OutputFile {

    /** What the target is. */
    public enum Kind { STANDARD_OUTPUT, FILE, STREAM }

    /** Writes the content; returns what the caller wants to know (rows written, a report…). */
    public interface Body<T> {
        T write(OutputStream out) throws IOException;
    }

    private static final int S_IFMT = 0170000, S_IFREG = 0100000, S_IFDIR = 0040000, S_IFCHR = 0020000, S_IFIFO = 0010000,
            S_IFBLK = 0060000, S_IFSOCK = 0140000;

    private final String flag;
    private final Path given;
    private final Kind kind;
    /** The file written: for FILE the real path (links resolved), for STREAM the path as given. */
    private final Path target;

    private OutputFile(String flag, Path given, Kind kind, Path target) {
        this.flag = flag;
        this.given = given;
        this.kind = kind;
        this.target = target;
    }

    /** Resolves {@code path} ({@code -} for standard output); {@code flag} names it in errors. */
    public static OutputFile of(Path path, String flag) {
        if (path.toString().equals("-")) return new OutputFile(flag, path, Kind.STANDARD_OUTPUT, null);
        Path abs = path.toAbsolutePath();
        if (Files.exists(abs)) { // follows links
            int mode = mode(abs);
            int type = mode & S_IFMT;
            if (type == S_IFDIR) throw new UserError(flag, path + " is a folder", "give a file name, e.g. " + flag + " " + path.resolve("out"));
            if (type == S_IFCHR || type == S_IFIFO) return new OutputFile(flag, path, Kind.STREAM, abs);
            if (type == S_IFREG || mode < 0) {
                try {
                    return new OutputFile(flag, path, Kind.FILE, abs.toRealPath());
                } catch (IOException e) {
                    throw new UserError(flag, "cannot resolve " + path + " (" + e.getMessage() + ")", "give a writable file path");
                }
            }
            throw new UserError(flag, path + " is a " + (type == S_IFBLK ? "block device" : type == S_IFSOCK ? "socket" : "special file"),
                    "write to a regular file, a character device such as /dev/null, a FIFO, or - for standard output");
        }
        if (Files.isSymbolicLink(abs)) {
            throw new UserError(flag, path + " is a symbolic link to a missing file", "learncast follows links but does not create files through them; give the target's path");
        }
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UserError(flag, "the folder " + parent + " does not exist", "create it first, or write elsewhere");
        }
        try {
            return new OutputFile(flag, path, Kind.FILE, parent.toRealPath().resolve(abs.getFileName()));
        } catch (IOException e) {
            throw new UserError(flag, "cannot resolve " + parent + " (" + e.getMessage() + ")", "give a writable file path");
        }
    }

    /** The file type and permission bits (following links), or -1 where the file system does not say. */
    private static int mode(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:mode");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Files.isDirectory(p) ? S_IFDIR : Files.isRegularFile(p) ? S_IFREG : -1;
        }
    }

    public Kind kind() { return kind; }

    /** True for {@code -}: the caller writes to its standard output itself. */
    public boolean standardOutput() { return kind == Kind.STANDARD_OUTPUT; }

    /** The path as given (for messages). */
    public Path given() { return given; }

    /** The file that will be written (links resolved for regular files), or null for standard output. */
    public Path target() { return target; }

    @Override
    public String toString() { return standardOutput() ? "standard output" : given.toString(); }

    /** Checks, before long work, that the target can be written (a real probe: permission bits do not tell root, or /proc, the truth). */
    public void check() {
        switch (kind) {
            case STANDARD_OUTPUT -> { }
            case STREAM -> {
                if (!Files.isWritable(target)) throw new UserError(flag, "cannot write to " + given, "check its permissions");
            }
            case FILE -> {
                try {
                    Files.delete(Files.createTempFile(target.getParent(), ".learncast-probe-", ".tmp"));
                } catch (IOException | UnsupportedOperationException e) {
                    throw new UserError(flag, "cannot write in " + target.getParent() + " (" + e.getClass().getSimpleName() + ")",
                            "write elsewhere, e.g. " + flag + " ./" + target.getFileName());
                }
                if (Files.exists(target) && !Files.isWritable(target) && !Files.isWritable(target.getParent())) {
                    throw new UserError(flag, "cannot replace " + given, "check its permissions");
                }
            }
        }
    }

    /**
     * Writes {@code body}'s output. A regular file is replaced only if {@code complete} accepts the result
     * (otherwise it is left as it was); a device or FIFO receives the bytes as they come.
     */
    public <T> T write(Body<T> body, Predicate<T> complete) {
        if (kind == Kind.STANDARD_OUTPUT) throw new IllegalStateException("standard output is written by the command itself");
        try {
            if (kind == Kind.STREAM) {
                try (OutputStream os = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
                    return body.write(os);
                }
            }
            return writeFile(body, complete);
        } catch (IOException e) {
            throw new UserError(flag, "cannot write " + given + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", "choose a writable file");
        }
    }

    /** Writes text whole (UTF-8). */
    public void writeString(String text) {
        write(os -> {
            os.write(text.getBytes(StandardCharsets.UTF_8));
            return null;
        }, x -> true);
    }

    private <T> T writeFile(Body<T> body, Predicate<T> complete) throws IOException {
        Path folder = target.getParent();
        Path tmp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".part");
        try {
            T result;
            try (OutputStream os = Files.newOutputStream(tmp)) {
                result = body.write(os);
            }
            if (!complete.test(result)) return result;
            permissions(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return result;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Temporary files are private; the output keeps the permissions of the file it replaces, or rw-r--r-- when new. */
    private void permissions(Path tmp) {
        try {
            Set<PosixFilePermission> p = Files.exists(target, LinkOption.NOFOLLOW_LINKS) ? Files.getPosixFilePermissions(target)
                    : PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(tmp, p);
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: keep its defaults
        }
    }
}
