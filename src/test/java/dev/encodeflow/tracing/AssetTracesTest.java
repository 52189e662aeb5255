package dev.encodeflow.tracing;

import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.newId;
import static dev.encodeflow.support.Api.rung;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.encodeflow.support.TestMedia;
import dev.encodeflow.support.TracingOn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, an asset's tasks reach an OTLP receiver as spans of one trace, the asset's
 * (its id derived from the asset id), each task as its queue wait and its run.
 */
@QuarkusTest
@TestProfile(TracingOn.class)
class AssetTracesTest {

    @Test
    void anAssetsTasksAreSpansOfOneTraceSentOverOtlp() throws Exception {
        String id = newId("traced");
        create(Map.of("id", id, "source", TestMedia.silentClip(), "chunking", Map.of("seconds", 1.0),
                "ladder", List.of(rung("t", 64, 36, 30))));
        awaitState(id, "COMPLETE");
        byte[] traceId = HexFormat.of().parseHex(AssetTraces.assetContext(id).getTraceId());
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(TracingOn.RECEIVED)
                && contains(Files.readAllBytes(TracingOn.RECEIVED), traceId)
                && new String(Files.readAllBytes(TracingOn.RECEIVED), StandardCharsets.ISO_8859_1).contains("VALIDATE t"));
        String received = new String(Files.readAllBytes(TracingOn.RECEIVED), StandardCharsets.ISO_8859_1);
        assertThat(received).contains(id, "encodeflow.task.type", "ENCODE_CHUNK t chunk 0", "queue wait: PROBE",
                "encodeflow.ffmpeg.cpu_seconds");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
