package io.learncast.common;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every run, model and report records {@link CodeVersion}: it must name the commit that was built. In a linked
 * {@code git worktree} the build used to stamp the main checkout's commit instead (git-commit-id's JGit reads
 * the worktree's HEAD from the main .git), so a run replayed "from its provenance" would have replayed other code.
 */
class CodeVersionTest {

    @Test
    void theBuildRecordsTheCommitOfTheTreeItWasBuiltFrom() throws Exception {
        String head = git("rev-parse", "--short=7", "HEAD");
        Assumptions.assumeTrue(head != null, "not built from a git checkout (or no git here): the version alone is recorded");
        String version = CodeVersion.get();
        String commit = version.contains("+") ? version.substring(version.indexOf('+') + 1).replace(".dirty", "") : "";
        assertEquals(head, commit, "CodeVersion " + version + " should carry this checkout's HEAD " + head);
    }

    /** {@code git ARGS} in this module's folder (surefire's working directory); null when it cannot say. */
    private static String git(String... args) throws InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 && !out.isEmpty() ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
