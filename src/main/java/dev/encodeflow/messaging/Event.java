package dev.encodeflow.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.encodeflow.model.AssetState;
import dev.encodeflow.model.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An event as consumers receive it (the message body; the routing key is {@code type}).
 * {@code id} is stable: the same event published again (a retried NOTIFY task, another instance
 * after a crash) has the same id, which is also the AMQP {@code message_id}, so a consumer
 * dedupes on it. Fields that do not apply to a type are absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(String id, String type, String assetId, AssetState state, String error, String rendition,
        List<TaskSpec.RenditionOutcome> renditions, Map<String, String> packages, Integer percent, Long tasksDone,
        Long tasksTotal) {

    public static final String PROGRESS = "AssetProgress";

    /**
     * The event a NOTIFY task carries, {@code stored} the task's stored form of it. The id is
     * derived from that stored form: a retried or re-run task (another instance, after a crash)
     * keeps its id, and the rules emit one task per event (per content version of the asset).
     */
    public static Event of(String assetId, String stored, TaskSpec.AssetEvent event) {
        String key = assetId + "/notify/" + stored;
        String rendition = TaskSpec.AssetEvent.RENDITION_COMPLETED.equals(event.type()) && event.renditions() != null
                && event.renditions().size() == 1 ? event.renditions().get(0).name() : null;
        return new Event(idOf(key), event.type(), event.assetId(), event.state(), event.error(), rendition,
                event.renditions(), event.packages(), null, null, null);
    }

    /** Progress of an asset: tasks done of all its tasks so far (more may come). */
    public static Event progress(String assetId, AssetState state, long done, long total) {
        int percent = total == 0 ? 0 : (int) Math.min(100, done * 100 / total);
        return new Event(idOf(assetId + "/progress/" + state + "/" + done + "/" + total), PROGRESS, assetId, state,
                null, null, null, null, percent, done, total);
    }

    /** A name-based UUID: the same key gives the same id on every instance. */
    static String idOf(String key) {
        return UUID.nameUUIDFromBytes(("encodeflow:" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
