package dev.encodeflow.packaging;

import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.newId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.Player;
import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Packaging as rules: a complete AVC ladder gets CMAF segments with an HLS master and media
 * playlists and a DASH MPD, each naming every rendition's bandwidth, codecs and resolution; and
 * the HLS output plays to the end in a real player (hls.js in headless chromium).
 */
@QuarkusTest
class PackagingTest {

    private static JsonPath packaged;

    private static synchronized JsonPath ladder() {
        if (packaged == null) {
            String id = newId("package");
            create(Map.of("id", id, "source", TestMedia.clipWithAudio(), "chunking", Map.of("seconds", 2.0),
                    "packaging", Map.of("segmentSeconds", 1.0, "formats", List.of("hls", "dash")),
                    "quality", Map.of("measure", false),
                    "ladder", List.of(rung("high", 320, 240, 26), rung("low", 160, 120, 32))));
            packaged = awaitState(id, "COMPLETE");
        }
        return packaged;
    }

    private static Map<String, Object> rung(String name, int width, int height, int crf) {
        return Map.of("name", name, "codec", "avc", "width", width, "height", height, "crf", crf, "preset",
                "veryfast", "profile", "high");
    }

    @Test
    void theHlsMasterNamesEveryRenditionWithBandwidthCodecsAndResolution() throws Exception {
        JsonPath asset = ladder();
        Path master = TestMedia.OUTPUT.resolve(asset.getString("packages.hls"));
        String text = Files.readString(master);
        Matcher inf = Pattern.compile("#EXT-X-STREAM-INF:([^\\n]*)").matcher(text);
        int variants = 0;
        while (inf.find()) {
            variants++;
            String attributes = inf.group(1);
            assertThat(attributes).containsPattern("^BANDWIDTH=\\d{4,},AVERAGE-BANDWIDTH=\\d{4,}").containsPattern("CODECS=\"avc1\\.[0-9a-f]{6},mp4a\\.40\\.2\"")
                    .containsPattern("RESOLUTION=(320x240|160x120)");
        }
        assertThat(variants).isEqualTo(2);
        assertThat(text).contains("#EXT-X-MEDIA:TYPE=AUDIO");
        // Media playlists list CMAF segments of the grid's length (1 s; the 5 s clip has five).
        Path media = master.resolveSibling("media_0.m3u8");
        String playlist = Files.readString(media);
        assertThat(playlist).contains("#EXT-X-MAP:URI=").contains("#EXT-X-ENDLIST");
        assertThat(Pattern.compile("#EXTINF:1\\.0").matcher(playlist).results().count()).isEqualTo(5);
    }

    @Test
    void theDashManifestNamesEveryRepresentationWithBandwidthCodecsAndSize() throws Exception {
        JsonPath asset = ladder();
        String mpd = Files.readString(TestMedia.OUTPUT.resolve(asset.getString("packages.dash")));
        Matcher representation = Pattern.compile("<Representation ([^>]*)>").matcher(mpd);
        int video = 0;
        int audio = 0;
        while (representation.find()) {
            String attributes = representation.group(1);
            assertThat(attributes).containsPattern("bandwidth=\"\\d{3,}\"").containsPattern("codecs=\"[^\"]+\"");
            if (attributes.contains("video/mp4")) {
                video++;
                assertThat(attributes).containsPattern("width=\"(320|160)\"").containsPattern("height=\"(240|120)\"");
            } else {
                audio++;
            }
        }
        assertThat(video).isEqualTo(2);
        assertThat(audio).isEqualTo(1);
    }

    @Test
    void theHlsOutputPlaysToTheEndInHeadlessChromiumWithHlsJs() throws Exception {
        JsonPath asset = ladder();
        try (Player player = new Player(TestMedia.OUTPUT)) {
            Map<String, Object> result = player.play(asset.getString("packages.hls"), Duration.ofSeconds(60));
            assertThat(result.get("outcome")).as(result.toString()).isEqualTo("ended");
            assertThat((List<?>) result.get("errors")).as(result.toString())
                    .noneMatch(e -> e.toString().startsWith("fatal"));
            assertThat(((Number) result.get("levels")).intValue()).isEqualTo(2);
            assertThat(((Number) result.get("currentTime")).doubleValue()).isBetween(4.9, 5.1);
            assertThat(((Number) result.get("decodedFrames")).intValue()).isGreaterThanOrEqualTo(120);
        }
    }
}
