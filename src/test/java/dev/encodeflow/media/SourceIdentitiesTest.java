package dev.encodeflow.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.encodeflow.model.SourceIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceIdentitiesTest {

    @TempDir
    Path dir;

    @Test
    void theSameFilePasses() throws Exception {
        Path file = Files.writeString(dir.resolve("a.mp4"), "first version");
        SourceIdentity identity = SourceIdentities.take(file);
        assertThat(identity.sha256()).hasSize(64);
        SourceIdentities.verify(file, identity);
    }

    @Test
    void aFilePutInItsPlaceIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("a.mp4"), "first version");
        SourceIdentity identity = SourceIdentities.take(file);
        Path other = Files.writeString(dir.resolve("b.mp4"), "other version");
        Files.setLastModifiedTime(other, Files.getLastModifiedTime(file));
        Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThatThrownBy(() -> SourceIdentities.verify(file, identity)).hasMessageContaining("another file");
    }

    @Test
    void contentRewrittenInPlaceWithTheSameSizeAndTimeIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("a.mp4"), "first version");
        SourceIdentity identity = SourceIdentities.take(file);
        FileTime time = Files.getLastModifiedTime(file);
        Thread.sleep(20);
        Files.writeString(file, "other version");
        Files.setLastModifiedTime(file, time);
        assertThatThrownBy(() -> SourceIdentities.verify(file, identity)).hasMessageContaining("another hash");
    }

    @Test
    void aChangeOfPermissionsAloneIsNotAChange() throws Exception {
        Path file = Files.writeString(dir.resolve("a.mp4"), "first version");
        SourceIdentity identity = SourceIdentities.take(file);
        Thread.sleep(20);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
        SourceIdentities.verify(file, identity);
    }

    @Test
    void aGrownFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("a.mp4"), "first version");
        SourceIdentity identity = SourceIdentities.take(file);
        Files.writeString(file, " and more", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> SourceIdentities.verify(file, identity)).hasMessageContaining("size changed");
    }
}
