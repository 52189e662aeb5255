package dev.encodeflow.tracing;

import dev.encodeflow.queue.ClaimedTask;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One trace per asset, whichever instance runs its work: the trace id is derived from the asset
 * id, so every task's spans land in the same trace without any state passed around. Each task
 * gives two spans, its wait in the queue and its run (type, rendition, chunk, attempt, codec, CPU
 * seconds, outcome). Off unless OpenTelemetry's SDK is enabled (quarkus.otel.sdk.disabled=false):
 * the tracer is then a no-op and this costs nothing.
 */
@ApplicationScoped
public class AssetTraces {

    private static final AttributeKey<String> ASSET = AttributeKey.stringKey("encodeflow.asset");
    private static final AttributeKey<Long> TASK = AttributeKey.longKey("encodeflow.task");
    private static final AttributeKey<String> TYPE = AttributeKey.stringKey("encodeflow.task.type");
    private static final AttributeKey<String> RENDITION = AttributeKey.stringKey("encodeflow.rendition");
    private static final AttributeKey<Long> CHUNK = AttributeKey.longKey("encodeflow.chunk");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("encodeflow.attempt");
    private static final AttributeKey<String> CODEC = AttributeKey.stringKey("encodeflow.codec");
    private static final AttributeKey<Double> CPU = AttributeKey.doubleKey("encodeflow.ffmpeg.cpu_seconds");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("encodeflow.outcome");

    private final Tracer tracer;

    AssetTraces(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The asset's trace: its id and a parent span id, both from the asset id's SHA-256. */
    static SpanContext assetContext(String assetId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(assetId.getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(digest);
            return SpanContext.createFromRemoteParent(hex.substring(0, 32), hex.substring(32, 48),
                    TraceFlags.getSampled(), TraceState.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A task ended ({@code outcome}: succeeded, failed, stopped) after running from {@code started}. */
    public void task(ClaimedTask task, String codec, Instant started, Instant ended, double cpuSeconds,
            String outcome) {
        Context parent = Context.root().with(Span.wrap(assetContext(task.assetId())));
        String name = task.type() + (task.rendition() == null ? "" : " " + task.rendition())
                + (task.chunk() == null ? "" : " chunk " + task.chunk());
        if (task.queuedAt() != null && task.queuedAt().isBefore(started)) {
            tracer.spanBuilder("queue wait: " + name).setParent(parent).setSpanKind(SpanKind.CONSUMER)
                    .setStartTimestamp(task.queuedAt()).setAttribute(ASSET, task.assetId())
                    .setAttribute(TASK, task.id()).startSpan().end(started);
        }
        Span run = tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(started)
                .setAttribute(ASSET, task.assetId()).setAttribute(TASK, task.id())
                .setAttribute(TYPE, task.type().name()).setAttribute(ATTEMPT, (long) task.attempt())
                .setAttribute(CODEC, codec).setAttribute(CPU, cpuSeconds).setAttribute(OUTCOME, outcome)
                .startSpan();
        if (task.rendition() != null) {
            run.setAttribute(RENDITION, task.rendition());
        }
        if (task.chunk() != null) {
            run.setAttribute(CHUNK, (long) task.chunk());
        }
        if (!"succeeded".equals(outcome)) {
            run.setStatus(StatusCode.ERROR, outcome);
        }
        run.end(ended);
    }
}
