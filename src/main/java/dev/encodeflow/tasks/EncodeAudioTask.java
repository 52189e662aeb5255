package dev.encodeflow.tasks;

import dev.encodeflow.media.FfmpegCommands;
import dev.encodeflow.media.Loudness;
import dev.encodeflow.model.AudioEncoded;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.process.ProcessResult;
import dev.encodeflow.reuse.EncoderKeys;
import dev.encodeflow.reuse.Recipes;
import dev.encodeflow.reuse.ReuseKey;
import dev.encodeflow.reuse.ReuseStore;
import dev.encodeflow.worker.TaskContext;
import dev.encodeflow.worker.TaskFailure;
import dev.encodeflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ENCODE_AUDIO: the source's first audio stream to AAC or Opus, once for all renditions of that
 * codec, aligned to the video, normalised in loudness when the asset asks (a measuring pass per
 * track first).
 */
@ApplicationScoped
public class EncodeAudioTask implements TaskHandler {

    private final MediaWork media;
    private final ReuseStore reuse;
    private final EncoderKeys encoders;

    EncodeAudioTask(MediaWork media, ReuseStore reuse, EncoderKeys encoders) {
        this.media = media;
        this.reuse = reuse;
        this.encoders = encoders;
    }

    @Override
    public TaskType type() {
        return TaskType.ENCODE_AUDIO;
    }

    @Override
    public Object run(TaskContext context) throws Exception {
        TaskSpec.EncodeAudio spec = context.spec(TaskSpec.EncodeAudio.class);
        Path source = media.source(spec.source(), spec.identity());
        String relative = media.layout().audioFile(context.task(), spec.codec());
        Path output = media.layout().absolute(relative);
        ReuseKey key = reuse.enabled() ? Recipes.audio(media.commands(), spec, media.audioKbps(), encoders.tools()) : null;
        if (key != null && reuse.fetch(key, output)) {
            return new AudioEncoded(relative, spec.codec(), Files.size(output));
        }
        List<Loudness.Measured> measured = new ArrayList<>();
        if (spec.loudnessLufs() != null) {
            for (int track = 0; track < FfmpegCommands.audioTracks(spec.channelCount()); track++) {
                ProcessResult result = media.run("loudness measurement", media.commands().measureLoudness(source,
                        spec.offsetSeconds(), spec.channelCount(), track, spec.loudnessLufs()), context.cancellation());
                try {
                    measured.add(Loudness.parse(result.stderrTail()).orElse(null));
                } catch (IllegalStateException e) {
                    throw TaskFailure.permanent("cannot measure the loudness of " + spec.source() + ": "
                            + e.getMessage());
                }
            }
        }
        media.produce(spec.codec().id() + " audio encode", output, temporary -> media.commands().encodeAudio(source,
                spec.offsetSeconds(), spec.codec(), media.audioKbps(), spec.channelCount(), spec.loudnessLufs(),
                measured, temporary), context.cancellation());
        media.checkUnchanged(spec.source(), source, spec.identity());
        if (key != null) {
            reuse.keep(key, output, encoders.tools(), false);
        }
        return new AudioEncoded(relative, spec.codec(), Files.size(output));
    }
}
