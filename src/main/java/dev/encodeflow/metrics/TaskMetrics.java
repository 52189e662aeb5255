package dev.encodeflow.metrics;

import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.queue.ClaimedTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * What the worker pool measures of the tasks it runs (Contract v2, "Ops metrics"): run time by
 * type and codec ({@code encodeflow_task_seconds}), the CPU time of their media children by codec
 * ({@code encodeflow_ffmpeg_cpu_seconds_total}), failures and retries by type. A task runs on
 * one slot thread from start to end, so the task being run is known to that thread: the media
 * layer reports each child's CPU time without knowing which task it serves.
 */
@ApplicationScoped
public class TaskMetrics {

    /** The task a slot thread runs: its codec label and the CPU its children used so far. */
    public static final class Run {
        private final ClaimedTask task;
        private final String type;
        private final String codec;
        private final long started = System.nanoTime();
        private final java.time.Instant startedAt = java.time.Instant.now();
        private final DoubleAdder cpu = new DoubleAdder();

        Run(ClaimedTask task, String codec) {
            this.task = task;
            this.type = task.type().name();
            this.codec = codec;
        }

        /** CPU seconds of the task's media children so far. */
        public double cpuSeconds() {
            return cpu.sum();
        }
    }

    private static final ThreadLocal<Run> CURRENT = new ThreadLocal<>();

    private final MeterRegistry meters;
    private final dev.encodeflow.tracing.AssetTraces traces;
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Counter> cpu = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();

    TaskMetrics(MeterRegistry meters, dev.encodeflow.tracing.AssetTraces traces) {
        this.meters = meters;
        this.traces = traces;
        // Failures are rare: their series exist from the start, at 0, so that rates and alerts
        // over them work before the first one.
        for (dev.encodeflow.model.TaskType type : dev.encodeflow.model.TaskType.values()) {
            failureCounter(type.name());
            retryCounter(type.name());
        }
    }

    private Counter failureCounter(String type) {
        return failures.computeIfAbsent(type, t -> Counter.builder("encodeflow.task.failures")
                .description("Failed task attempts by type (retried or not)").tags("type", t).register(meters));
    }

    private Counter retryCounter(String type) {
        return retries.computeIfAbsent(type, t -> Counter.builder("encodeflow.task.retries")
                .description("Failed task attempts that were queued again by type").tags("type", t)
                .register(meters));
    }

    /** The codec label of a task: its rendition's video codec, its audio codec, or "none". */
    public static String codecOf(TaskSpec spec) {
        if (spec instanceof TaskSpec.EncodeChunk chunk) {
            return chunk.rung().codec().id();
        }
        if (spec instanceof TaskSpec.Assemble assemble) {
            return assemble.rung().codec().id();
        }
        if (spec instanceof TaskSpec.Validate validate) {
            return validate.rung().codec().id();
        }
        if (spec instanceof TaskSpec.EncodeAudio audio) {
            return audio.codec().id();
        }
        return "none";
    }

    /**
     * The slot thread starts running {@code task}. Every line it logs until the end names the task
     * (MDC: {@code assetId} and {@code taskId} for JSON logs, {@code work} for the text format).
     */
    public Run started(ClaimedTask task, TaskSpec spec) {
        Run run = new Run(task, codecOf(spec));
        CURRENT.set(run);
        org.jboss.logging.MDC.put("assetId", task.assetId());
        org.jboss.logging.MDC.put("taskId", String.valueOf(task.id()));
        org.jboss.logging.MDC.put("work", "[" + task.assetId() + " " + task.type() + "#" + task.id() + "] ");
        return run;
    }

    /**
     * The slot thread is done with the task: {@code outcome} is succeeded, failed or stopped (a
     * stopped run is traced but not timed: it tells nothing of how long the work takes).
     */
    public void ended(Run run, String outcome) {
        CURRENT.remove();
        org.jboss.logging.MDC.remove("assetId");
        org.jboss.logging.MDC.remove("taskId");
        org.jboss.logging.MDC.remove("work");
        traces.task(run.task, run.codec, run.startedAt, java.time.Instant.now(), run.cpuSeconds(), outcome);
        if (!"stopped".equals(outcome)) {
            durations.computeIfAbsent(run.type + "\u0000" + run.codec, k -> Timer.builder("encodeflow.task")
                    .description("Run time of finished tasks (claim to outcome, failures included) by type and codec")
                    .tags("type", run.type, "codec", run.codec)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(10))
                    .maximumExpectedValue(Duration.ofHours(2))
                    .register(meters))
                    .record(System.nanoTime() - run.started, TimeUnit.NANOSECONDS);
        }
    }

    /** The CPU seconds the current slot thread's task's children used so far (0 outside a task). */
    public double cpuSecondsNow() {
        Run run = CURRENT.get();
        return run == null ? 0 : run.cpuSeconds();
    }

    /** A media child of the current task ended having used {@code seconds} of CPU. */
    public void childCpu(double seconds) {
        Run run = CURRENT.get();
        if (run == null || seconds <= 0) {
            return;
        }
        run.cpu.add(seconds);
        cpu.computeIfAbsent(run.codec, codec -> Counter.builder("encodeflow.ffmpeg.cpu").baseUnit("seconds")
                .description("CPU time (user and system) of the ffmpeg and ffprobe children of tasks, by codec")
                .tags("codec", codec).register(meters))
                .increment(seconds);
    }

    /** A task failed; {@code retried}: it goes back to the queue after its backoff. */
    public void failed(ClaimedTask task, boolean retried) {
        String type = task.type().name();
        failureCounter(type).increment();
        if (retried) {
            retryCounter(type).increment();
        }
    }
}
