package dev.encodeflow.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceResolverTest {

    @TempDir
    Path dir;
    private Path root;
    private Path other;
    private SourceResolver resolver;

    @BeforeEach
    void roots() throws Exception {
        root = Files.createDirectories(dir.resolve("in"));
        other = Files.createDirectories(dir.resolve("second"));
        Files.writeString(Files.createDirectories(root.resolve("shows")).resolve("a.mov"), "x");
        Files.writeString(other.resolve("b.mov"), "x");
        Files.writeString(dir.resolve("secret.mov"), "x");
        resolver = new SourceResolver(List.of(root, other));
    }

    @Test
    void relativePathsAndFileUrisInsideARootResolve() throws Exception {
        assertThat(resolver.resolve("shows/a.mov")).isEqualTo(root.resolve("shows/a.mov").toRealPath());
        assertThat(resolver.resolve("b.mov")).isEqualTo(other.resolve("b.mov").toRealPath());
        assertThat(resolver.resolve(root.resolve("shows/a.mov").toUri().toString()))
                .isEqualTo(root.resolve("shows/a.mov").toRealPath());
        assertThat(resolver.resolve(root.resolve("shows/a.mov").toString())).endsWith(Path.of("shows/a.mov"));
    }

    @Test
    void escapesAreRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("link.mov"), dir.resolve("secret.mov"));
        for (String source : List.of("../secret.mov", "shows/../../secret.mov", dir.resolve("secret.mov").toString(),
                dir.resolve("secret.mov").toUri().toString(), "link.mov")) {
            assertThatThrownBy(() -> resolver.resolve(source)).as(source)
                    .isInstanceOf(SourceResolver.InvalidSourceException.class)
                    .hasMessageContaining("outside the input roots");
        }
    }

    @Test
    void networkUrlsAndOddInputAreRefused() {
        assertThatThrownBy(() -> resolver.resolve("rtmp://host/live")).hasMessageContaining("rtmp");
        assertThatThrownBy(() -> resolver.resolve("file://host/share/a.mov")).hasMessageContaining("local file");
        assertThatThrownBy(() -> resolver.resolve("shows/a\u0000.mov")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> resolver.resolve(" ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> resolver.resolve("shows")).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> resolver.resolve("nope.mov")).hasMessageContaining("file not found");
    }
}
