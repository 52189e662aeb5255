package dev.encodeflow.worker;

import dev.encodeflow.model.Assembled;
import dev.encodeflow.model.AudioEncoded;
import dev.encodeflow.model.ChunkEncoded;
import dev.encodeflow.model.Output;
import dev.encodeflow.model.Probe;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.model.Validated;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For benchmarks only ({@code workers.simulate=true}): completes media tasks at once with
 * plausible results and no ffmpeg, so the orchestration itself (rules, queue, database) can be
 * measured. A source named like {@code clip-7200s.mov} probes as that many seconds of 25 fps
 * 1080p with audio; any other as 80 seconds.
 */
public final class SimulatedMedia implements TaskHandler {

    private static final Pattern SECONDS = Pattern.compile("(\\d+)s\\b");
    private final TaskType type;
    private final java.time.Duration time;

    public SimulatedMedia(TaskType type, java.time.Duration encodeTime) {
        this.type = type;
        this.time = encodeTime;
    }

    /**
     * How long the task takes: a chunk, {@code workers.simulate-encode-time} per second of 1080p
     * (scaled by its pixels and seconds at 25 fps, as x264's time roughly is); audio, a tenth of
     * it per 10 s; anything else a quarter of it.
     */
    private java.time.Duration timeOf(TaskSpec spec) {
        if (spec instanceof TaskSpec.EncodeChunk chunk) {
            double scale = chunk.rung().width() * (double) chunk.rung().height() / (1920.0 * 1080)
                    * chunk.chunk().frames() / 25.0;
            return java.time.Duration.ofNanos((long) (time.toNanos() * scale));
        }
        return spec instanceof TaskSpec.EncodeAudio ? time.dividedBy(10) : time.dividedBy(4);
    }

    @Override
    public TaskType type() {
        return type;
    }

    @Override
    public Object run(TaskContext context) throws InterruptedException {
        TaskSpec spec = context.spec();
        if (!time.isZero() && !context.cancellation().sleep(timeOf(spec))) {
            return null;
        }
        String asset = context.task().assetId();
        if (spec instanceof TaskSpec.Probe probe) {
            Matcher named = SECONDS.matcher(probe.source());
            int seconds = named.find() ? Integer.parseInt(named.group(1)) : 80;
            return new Probe(seconds, seconds * 25L, 25, 1, 1920, 1080, "yuv420p", "h264", true, "aac", 0, seconds);
        }
        if (spec instanceof TaskSpec.EncodeAudio audio) {
            return new AudioEncoded(asset + "/.work/audio.sim", audio.codec(), 0);
        }
        if (spec instanceof TaskSpec.EncodeChunk chunk) {
            return new ChunkEncoded(chunk.rung().name(), chunk.generation(), chunk.chunk().index(),
                    chunk.chunk().startFrame(), chunk.chunk().frames(), asset + "/.work/chunk.sim", 0);
        }
        if (spec instanceof TaskSpec.Assemble assemble) {
            return new Assembled(assemble.rung().name(), assemble.generation(), asset + "/.work/assembled.sim", 0, "sim");
        }
        if (spec instanceof TaskSpec.Validate validate) {
            return new Validated(validate.rung().name(), validate.generation(), true, null, new Output(
                    asset + "/" + validate.rung().name() + ".sim", 0, validate.expectedFrames(),
                    validate.expectedFrames() * validate.frameSeconds(), "sim"));
        }
        if (spec instanceof TaskSpec.MeasureQuality quality) {
            return new dev.encodeflow.model.QualityMeasured(quality.rendition(), quality.generation(), 40.0, 0.95, null);
        }
        if (spec instanceof TaskSpec.Package pack) {
            java.util.Map<String, Integer> generations = new java.util.LinkedHashMap<>();
            pack.renditions().forEach(r -> generations.put(r.name(), r.generation()));
            java.util.Map<String, String> manifests = new java.util.LinkedHashMap<>();
            pack.formats().forEach(f -> manifests.put(f, asset + "/package/sim." + f));
            return new dev.encodeflow.model.Packaged(generations, manifests);
        }
        throw new IllegalArgumentException("nothing to simulate for " + spec.getClass().getSimpleName());
    }
}
