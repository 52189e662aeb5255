package dev.encodeflow.reuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.ReuseEnabled;
import dev.encodeflow.support.TestMedia;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The store's retention: an entry unused past {@code reuse.retention} is collected, and what a
 * rendition or a task linked from it before stays whole; a reuse after that encodes again (a
 * miss); a store file left without a row (a crash between link and insert) goes after a day.
 */
@QuarkusTest
@TestProfile(ReuseEnabled.class)
class ReuseCollectorTest {

    @Inject
    ReuseStore store;

    @Inject
    ReuseCollector collector;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void collectingAnExpiredEntryNeverTakesWhatAnotherFileHolds() throws Exception {
        Path work = TestMedia.OUTPUT.resolve("reuse-collector").resolve(UUID.randomUUID().toString());
        Files.createDirectories(work);
        Path produced = work.resolve("chunk.t1a1.mp4");
        Files.writeString(produced, "encoded bytes " + UUID.randomUUID());
        ReuseKey key = ReuseKey.of("chunk", "0".repeat(64), "test encoder", List.of(UUID.randomUUID().toString()));

        store.keep(key, produced, "test encoder", false);
        Path reused = work.resolve("chunk.t2a1.mp4");
        assertThat(store.fetch(key, reused)).isTrue();
        assertThat(Files.readString(reused)).isEqualTo(Files.readString(produced));

        try (Connection connection = dataSource.getConnection();
             PreparedStatement age = connection.prepareStatement(
                     "UPDATE reuse_entry SET last_used_at = now() - interval '400 days' WHERE key = ?")) {
            age.setString(1, key.hex());
            assertThat(age.executeUpdate()).isEqualTo(1);
        }
        Path orphan = TestMedia.OUTPUT.resolve(ReuseStore.FOLDER).resolve("chunk/ff").resolve("f".repeat(64) + ".mp4");
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, "left by a crash");
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        ReuseCollector.Collected collected = collector.collect(Instant.now());

        assertThat(collected.expired()).isGreaterThanOrEqualTo(1);
        assertThat(collected.orphans()).isGreaterThanOrEqualTo(1);
        assertThat(orphan).doesNotExist();
        assertThat(Files.readString(produced)).as("the producer's file").startsWith("encoded bytes");
        assertThat(Files.readString(reused)).as("the reuser's file").isEqualTo(Files.readString(produced));
        assertThat(store.fetch(key, work.resolve("chunk.t3a1.mp4"))).as("collected: a miss").isFalse();
    }
}
