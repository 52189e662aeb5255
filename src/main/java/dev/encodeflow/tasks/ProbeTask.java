package dev.encodeflow.tasks;

import dev.encodeflow.media.ProbeParser;
import dev.encodeflow.media.SourceIdentities;
import dev.encodeflow.media.SourceLimits;
import dev.encodeflow.model.SourceIdentity;
import dev.encodeflow.model.Probe;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.planning.Capacity;
import dev.encodeflow.planning.SourceKeyFrames;
import dev.encodeflow.process.ProcessResult;
import dev.encodeflow.reuse.EncoderKeys;
import dev.encodeflow.reuse.Recipes;
import dev.encodeflow.reuse.ReuseKey;
import dev.encodeflow.reuse.ReuseStore;
import dev.encodeflow.reuse.SourceVersions;
import dev.encodeflow.util.JsonText;
import dev.encodeflow.worker.TaskContext;
import dev.encodeflow.worker.TaskFailure;
import dev.encodeflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;

/** PROBE: ffprobe the source. A file ffprobe cannot read will not become readable: fail at once. */
@ApplicationScoped
public class ProbeTask implements TaskHandler {

    /** ffprobe's words when a demuxer outside media.source-formats would have opened the file. */
    private static final java.util.regex.Pattern NOT_ALLOWED = java.util.regex.Pattern.compile(
            "\\[(\\w+) @ [^]]*] Format not on whitelist");
    private static final java.util.regex.Pattern INVALID_SIZE = java.util.regex.Pattern.compile(
            "Picture size (\\d+x\\d+) is invalid");
    private static final List<String> UNREADABLE = List.of("Invalid data found", "moov atom not found",
            "could not find codec parameters", "Unknown format", "End of file", "Invalid argument");

    /** Frames the interlace detector looks at: 10 s at 30 fps, a fraction of a second to decode. */
    static final int FIELD_SAMPLE_FRAMES = 300;

    private final MediaWork media;
    private final SourceVersions versions;
    private final ReuseStore reuse;
    private final EncoderKeys encoders;
    private final JsonText json;
    private final Capacity capacity;

    ProbeTask(MediaWork media, SourceVersions versions, ReuseStore reuse, EncoderKeys encoders, JsonText json,
            Capacity capacity) {
        this.media = media;
        this.versions = versions;
        this.reuse = reuse;
        this.encoders = encoders;
        this.json = json;
        this.capacity = capacity;
    }

    /** What a probe keeps for reuse: the reading without the file's identity, and its stream count. */
    record Reading(Probe probe, int streams) {
    }

    /** The reading with the capacity this instance plans chunks for (not kept for reuse: it is not the file's). */
    private Probe planned(Probe probe) {
        return probe.plannedFor(capacity.forSource(probe));
    }

    @Override
    public TaskType type() {
        return TaskType.PROBE;
    }

    @Override
    public Object run(TaskContext context) throws Exception {
        TaskSpec.Probe spec = context.spec(TaskSpec.Probe.class);
        Path source = media.source(spec.source());
        SourceIdentity identity;
        try {
            identity = versions.identify(spec.source(), source);
        } catch (SourceIdentities.Changed e) {
            throw TaskFailure.retryable("cannot probe the source " + spec.source() + ": " + e.getMessage());
        }
        ReuseKey key = reuse.enabled() ? Recipes.probe(media.commands(), identity.sha256(), FIELD_SAMPLE_FRAMES,
                encoders.probeTools()) : null;
        java.util.Optional<String> stored = key == null ? java.util.Optional.empty() : reuse.result(key);
        if (stored.isPresent()) {
            // The same content read by the same ffprobe before: its reading, checked against
            // today's limits, for this file.
            Reading reading = json.read(stored.get(), Reading.class);
            try {
                SourceLimits.check(reading.probe(), reading.streams(), media.sourceLimits());
            } catch (ProbeParser.UnusableMediaException e) {
                throw TaskFailure.permanent("cannot use the source " + spec.source() + ": " + e.getMessage());
            }
            media.checkUnchanged(spec.source(), source, identity);
            return planned(reading.probe().of(identity));
        }
        ProcessResult result;
        ProcessResult packets;
        try {
            // The streams, and where the video's key frames are (a demux, no decoding), read at once.
            ProcessResult[] both = media.runTogether("ffprobe", context.cancellation(),
                    List.of(media.commands().probe(source), media.commands().sourceKeyFrames(source)));
            result = both[0];
            packets = both[1];
        } catch (TaskFailure failure) {
            java.util.regex.Matcher refused = NOT_ALLOWED.matcher(failure.getMessage());
            if (refused.find()) {
                throw TaskFailure.permanent("the source " + spec.source() + " is a " + refused.group(1)
                        + " file, which is not an accepted source format (" + String.join(", ", media.sourceFormats())
                        + "): playlists, concat lists and image sequences are refused, they would read other files");
            }
            boolean unreadable = UNREADABLE.stream().anyMatch(failure.getMessage()::contains);
            throw new TaskFailure("cannot read the source " + spec.source() + ": " + failure.getMessage(), unreadable);
        }
        java.util.regex.Matcher invalid = INVALID_SIZE.matcher(result.stderrTail());
        if (invalid.find()) {
            throw TaskFailure.permanent("the source " + spec.source() + " declares a " + invalid.group(1)
                    + " picture, which ffmpeg refuses to decode (and which is over media.source-limits)");
        }
        String damage = result.stderrTail().lines().filter(line -> line.contains("partial file")).findFirst()
                .orElse(null);
        if (damage != null) {
            throw TaskFailure.permanent("the source " + spec.source() + " is damaged or truncated: " + damage.strip());
        }
        try {
            Probe probe = ProbeParser.source(result.stdout());
            SourceLimits.check(probe, ProbeParser.streamCount(result.stdout()), media.sourceLimits());
            if (!"progressive".equals(probe.fieldOrder())) {
                // Declared interlaced or not declared: the picture decides (a few hundred frames).
                ProcessResult idet = media.run("interlace detection", media.commands().detectFields(source,
                        FIELD_SAMPLE_FRAMES), context.cancellation());
                probe = probe.withFieldOrder(ProbeParser.settledFieldOrder(probe.fieldOrder(), idet.stderrTail()));
            }
            SourceKeyFrames.Found keys = SourceKeyFrames.parse(packets.stdout(), probe);
            probe = keys == null ? probe : probe.withKeyFrames(keys.frames(), keys.seconds());
            media.checkUnchanged(spec.source(), source, identity);
            if (key != null) {
                reuse.keepResult(key, json.write(new Reading(probe.of(null), ProbeParser.streamCount(result.stdout()))),
                        encoders.probeTools());
            }
            return planned(probe.of(identity));
        } catch (ProbeParser.UnusableMediaException e) {
            throw TaskFailure.permanent("cannot use the source " + spec.source() + ": " + e.getMessage());
        }
    }
}
