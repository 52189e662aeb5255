package dev.encodeflow.tasks;

import dev.encodeflow.model.AudioEncoded;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.worker.TaskContext;
import dev.encodeflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;

/** ENCODE_AUDIO: the source's first audio stream to AAC, once for all renditions, aligned to the video. */
@ApplicationScoped
public class EncodeAudioTask implements TaskHandler {

    private final MediaWork media;

    EncodeAudioTask(MediaWork media) {
        this.media = media;
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
        media.produce(spec.codec().id() + " audio encode", output, temporary -> media.commands().encodeAudio(source,
                spec.offsetSeconds(), spec.codec(), media.audioKbps(), spec.channelCount(), temporary), context.cancellation());
        media.checkUnchanged(spec.source(), source, spec.identity());
        return new AudioEncoded(relative, spec.codec(), Files.size(output));
    }
}
