package dev.encodeflow.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.encodeflow.worker.TaskFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FreeSpaceTest {

    private final Path root = Path.of("target/test-media/out").toAbsolutePath();

    @Test
    void workWaitsWithTheReasonWhenTheDiskWouldFill() throws Exception {
        long free = Files.getFileStore(Files.createDirectories(root)).getUsableSpace();
        assertThatThrownBy(() -> MediaWork.requireFreeSpace(root, free, 1L << 20, "assembling r"))
                .isInstanceOf(TaskFailure.class)
                .satisfies(e -> assertThat(((TaskFailure) e).permanent()).as("retried later").isFalse())
                .hasMessageContaining("waiting for disk space before assembling r").hasMessageContaining("MB free");
    }

    @Test
    void workGoesOnWhenThereIsRoom() throws Exception {
        MediaWork.requireFreeSpace(root, 1024, 1L << 20, "encoding chunk 0");
    }
}
