package dev.encodeflow.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The newcomer's setup, the packaged service on its embedded PostgreSQL: the database runs
 * durable (fsync and synchronous commit on), and after a {@code kill -9} of the service, whose
 * postmaster outlives it, the very next start works.
 */
class EmbeddedDatabaseIT {

    private static final Path WORK = Path.of("target/embedded-it").toAbsolutePath();

    @Test
    void theEmbeddedDatabaseIsDurableAndARestartAfterKill9Works() throws Exception {
        FaultDatabase.deleteRecursively(WORK);
        Files.createDirectories(WORK.resolve("in"));
        Files.createDirectories(WORK.resolve("logs"));
        Path data = WORK.resolve("db");
        Map<String, String> env = Map.of(
                "DATABASE_EMBEDDED_DATA_DIR", data.toString(),
                "MEDIA_INPUT_ROOTS", WORK.resolve("in").toString(),
                "MEDIA_OUTPUT_ROOT", WORK.resolve("out").toString(),
                "RULES_DIR", Path.of("rules").toAbsolutePath().toString());
        ServiceProcess service = new ServiceProcess("embedded", FaultDatabase.freePort(), env, WORK.resolve("logs"));
        service.start();
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
        int port = Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(3).strip());
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                "postgres", "postgres")) {
            assertThat(setting(db, "fsync")).isEqualTo("on");
            assertThat(setting(db, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(db, "full_page_writes")).isEqualTo("on");
        }

        service.kill9();
        Optional<ProcessHandle> orphan = ProcessHandle.of(postmaster);
        assertThat(orphan.map(ProcessHandle::isAlive)).as("the postmaster outlives a killed service").contains(true);

        service.start();
        assertThat(service.logText()).contains("left running by an earlier run");
        assertThat(orphan.get().isAlive()).as("the orphan was stopped").isFalse();
        service.terminate();
        assertThat(List.of(service.isAlive())).containsExactly(false);
    }

    private static String setting(Connection db, String name) throws Exception {
        try (ResultSet row = db.createStatement().executeQuery("SHOW " + name)) {
            row.next();
            return row.getString(1);
        }
    }
}
