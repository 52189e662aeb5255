package dev.encodeflow.e2e;

import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.newId;
import static dev.encodeflow.support.Api.rung;
import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files in the input root built to make ffmpeg read media outside it (HLS playlists with absolute,
 * relative or symlinked segments, one named .mp4, a concat list, an image-sequence pattern) or
 * to make its decoder allocate for a huge picture: each asset fails at the probe with the reason,
 * and no output is published.
 */
@QuarkusTest
class HostileMediaTest {

    static final Path HOSTILE = TestMedia.INPUT.resolve("hostile");
    static final Path OUTSIDE = TestMedia.INPUT.getParent().resolve("outside");

    @BeforeAll
    static void makeFiles() throws IOException {
        Files.createDirectories(HOSTILE);
        Files.createDirectories(OUTSIDE);
        Path clip = OUTSIDE.resolve("secret.mp4");
        if (!Files.exists(clip)) {
            TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=160x90:rate=25:duration=2", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip.toString()));
            TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", clip.toString(), "-c", "copy",
                    "-f", "hls", "-hls_time", "1", "-hls_segment_filename", OUTSIDE.resolve("seg%d.ts").toString(),
                    OUTSIDE.resolve("secret.m3u8").toString()));
        }
        String playlist = Files.readString(OUTSIDE.resolve("secret.m3u8"));
        String absolute = playlist.replaceAll("(?m)^seg", OUTSIDE + "/seg");
        Files.writeString(HOSTILE.resolve("absolute.m3u8"), absolute);
        Files.writeString(HOSTILE.resolve("absolute-playlist.mp4"), absolute);
        Files.writeString(HOSTILE.resolve("relative.m3u8"), playlist.replaceAll("(?m)^seg", "../../outside/seg"));
        for (int i = 0; i < 2; i++) {
            Path link = HOSTILE.resolve("link" + i + ".ts");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, OUTSIDE.resolve("seg" + i + ".ts"));
        }
        Files.writeString(HOSTILE.resolve("symlinked.m3u8"), playlist.replaceAll("(?m)^seg(\\d)\\.ts", "link$1.ts"));
        Files.writeString(HOSTILE.resolve("concat.mp4"), "ffconcat version 1.0\nfile '" + clip + "'\n");
        Path frame = HOSTILE.resolve("img001.png");
        if (!Files.exists(frame)) {
            TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=64x64:rate=1:duration=3", HOSTILE.resolve("img%03d.png").toString()));
        }
        Files.copy(frame, HOSTILE.resolve("img%03d.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        hugePicture("huge-16384.mov", 16384);
        hugePicture("huge-12000.mov", 12000);
    }

    /** A tiny raw-video MOV whose sample description declares a {@code side x side} picture. */
    private static void hugePicture(String name, int side) throws IOException {
        Path small = HOSTILE.resolve("small-raw.mov");
        if (!Files.exists(small)) {
            TestMedia.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "color=c=black:s=16x16:d=0.2:r=25", "-c:v", "rawvideo", "-pix_fmt", "gray", "-f", "mov",
                    small.toString()));
        }
        byte[] bytes = Files.readAllBytes(small);
        int entry = indexOf(bytes, "raw ".getBytes());
        // VisualSampleEntry: width and height are 16-bit fields 28 bytes after the format.
        java.nio.ByteBuffer.wrap(bytes).putShort(entry + 28, (short) side).putShort(entry + 30, (short) side);
        Files.write(HOSTILE.resolve(name), bytes);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "hostile/absolute.m3u8|not an accepted source format",
        "hostile/absolute-playlist.mp4|not an accepted source format",
        "hostile/relative.m3u8|not an accepted source format",
        "hostile/symlinked.m3u8|not an accepted source format",
        "hostile/concat.mp4|not an accepted source format",
        "hostile/img%03d.png|not an accepted source format",
        "hostile/huge-16384.mov|16384x16384",
        "hostile/huge-12000.mov|12000x12000"
    })
    void aHostileSourceFailsAtTheProbeWithTheReason(String source, String reason) {
        String id = newId("hostile");
        create(Map.of("id", id, "source", source, "chunking", Map.of("seconds", 0),
                "ladder", List.of(rung("r", 128, 72, 30))));
        JsonPath failed = awaitState(id, "FAILED");
        assertThat(failed.getString("error")).contains(reason);
        assertThat(failed.getString("renditions[0].output")).isNull();
        assertThat(TestMedia.OUTPUT.resolve(id)).satisfiesAnyOf(
                dir -> assertThat(dir).doesNotExist(),
                dir -> assertThat(Files.list(dir).filter(f -> !Files.isDirectory(f))).isEmpty());
    }
}
