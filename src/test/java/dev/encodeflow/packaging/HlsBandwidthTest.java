package dev.encodeflow.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HlsBandwidthTest {

    @TempDir
    Path folder;

    @Test
    void bandwidthIsThePeakSegmentRateWithTheDefaultAudioAndTheAverageIsAdded() throws Exception {
        // Video: 1 s segments of 100 and 300 bytes; audio: 1 s segments of 50 bytes.
        Files.write(folder.resolve("v1.m4s"), new byte[100]);
        Files.write(folder.resolve("v2.m4s"), new byte[300]);
        Files.write(folder.resolve("a1.m4s"), new byte[50]);
        Files.write(folder.resolve("a2.m4s"), new byte[50]);
        Files.writeString(folder.resolve("media_0.m3u8"), "#EXTM3U\n#EXTINF:1.000000,\nv1.m4s\n#EXTINF:1.000000,\nv2.m4s\n"
                + "#EXT-X-ENDLIST\n");
        Files.writeString(folder.resolve("media_1.m3u8"), "#EXTM3U\n#EXTINF:1.000000,\na1.m4s\n#EXTINF:1.000000,\na2.m4s\n"
                + "#EXT-X-ENDLIST\n");
        Path master = folder.resolve("master.m3u8");
        Files.writeString(master, "#EXTM3U\n#EXT-X-VERSION:7\n"
                + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"group_A1\",NAME=\"audio_1\",DEFAULT=YES,URI=\"media_1.m3u8\"\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=999,RESOLUTION=320x180,CODECS=\"avc1.640015,mp4a.40.2\",AUDIO=\"group_A1\"\n"
                + "media_0.m3u8\n");

        HlsBandwidth.rewrite(master);

        // Peak: 300 * 8 + 50 * 8 = 2800 b/s; average: 200 * 8 + 50 * 8 = 2000 b/s.
        assertThat(Files.readString(master)).contains("#EXT-X-STREAM-INF:BANDWIDTH=2800,AVERAGE-BANDWIDTH=2000,"
                + "RESOLUTION=320x180,CODECS=\"avc1.640015,mp4a.40.2\",AUDIO=\"group_A1\"\nmedia_0.m3u8");
    }
}
