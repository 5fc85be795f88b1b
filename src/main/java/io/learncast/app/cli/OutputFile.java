package io.learncast.app.cli;

import io.learncast.common.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A file an export command writes: whole or not at all (a temporary file beside it, then an atomic move). */
final class OutputFile {
    private OutputFile() {}

    /** Writes {@code bytes} to {@code file}; returns its absolute path. A failure is the {@code flag}'s user error. */
    static Path write(Path file, byte[] bytes, String flag) {
        Path target = file.toAbsolutePath();
        try {
            Path tmp = Files.createTempFile(target.getParent() == null ? Path.of(".") : target.getParent(), ".learncast", ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UserError(flag, "cannot write " + file + " (" + e.getMessage() + ")", "give a writable file path");
        }
    }
}
