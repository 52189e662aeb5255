package dev.encodeflow.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Cleans up after a service that was killed without stopping its embedded PostgreSQL. The
 * postmaster is its own process (started through pg_ctl), so a {@code kill -9} of the JVM leaves
 * it running on the data directory, and the next start would fail on its {@code postmaster.pid}.
 * Before starting, a live postmaster of this data directory is asked to stop (a fast shutdown:
 * its clients are gone with the killed JVM), and a lock file whose process is gone is removed.
 */
final class StalePostmaster {

    private static final Logger LOG = Logger.getLogger(StalePostmaster.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private StalePostmaster() {
    }

    /** Makes {@code dataDir} free for a new postmaster; a no-op when no lock file is there. */
    static void clear(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        Optional<ProcessHandle> postmaster = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0))
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> isPostgresOf(p, lines, dataDir));
        if (postmaster.isPresent()) {
            stop(postmaster.get());
        }
        // PostgreSQL itself ignores a lock file whose process is gone, unless the pid was reused by
        // an unrelated process; removing it makes that case start too.
        if (Files.deleteIfExists(pidFile)) {
            LOG.infof("Removed the stale lock file %s of a PostgreSQL that is no longer running", pidFile);
        }
    }

    private static void stop(ProcessHandle postmaster) throws IOException {
        LOG.warnf("An embedded PostgreSQL (pid %d) left running by an earlier run holds %s: stopping it",
                postmaster.pid(), "its data directory");
        // SIGINT would be PostgreSQL's "fast" shutdown, but ProcessHandle sends SIGTERM ("smart":
        // wait for clients). Its clients died with the killed JVM, so smart finishes as quickly.
        postmaster.destroy();
        try {
            postmaster.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("PostgreSQL (pid %d) did not stop within %s; killing it (it recovers from its WAL at start)",
                    postmaster.pid(), STOP_WAIT);
            postmaster.destroyForcibly();
            try {
                postmaster.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception again) {
                throw new IOException("could not stop the PostgreSQL (pid " + postmaster.pid()
                        + ") left running on the embedded data directory", again);
            }
        }
    }

    /** The lock file's second line is the data directory; the command must be a postgres binary. */
    private static boolean isPostgresOf(ProcessHandle process, List<String> lines, Path dataDir) {
        String command = process.info().command().orElse("");
        boolean postgres = command.endsWith("/postgres") || command.endsWith("/postmaster");
        boolean sameDir = lines.size() > 1 && samePath(lines.get(1).strip(), dataDir);
        return postgres && sameDir;
    }

    private static boolean samePath(String recorded, Path dataDir) {
        try {
            return Path.of(recorded).toRealPath().equals(dataDir.toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
