package dev.encodeflow.tasks;

import dev.encodeflow.model.ChunkEncoded;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.worker.TaskContext;
import dev.encodeflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;

/** ENCODE_CHUNK: one frame-exact chunk of one rendition (the map). */
@ApplicationScoped
public class EncodeChunkTask implements TaskHandler {

    private final MediaWork media;

    EncodeChunkTask(MediaWork media) {
        this.media = media;
    }

    @Override
    public TaskType type() {
        return TaskType.ENCODE_CHUNK;
    }

    @Override
    public Object run(TaskContext context) throws Exception {
        TaskSpec.EncodeChunk spec = context.spec(TaskSpec.EncodeChunk.class);
        Path source = media.source(spec.source(), spec.identity());
        String relative = media.layout().chunkFile(context.task(), spec.rung().name(), spec.generation(),
                spec.chunk().index());
        Path output = media.layout().absolute(relative);
        media.requireFreeSpace(0, "encoding chunk " + spec.chunk().index() + " of " + spec.rung().name());
        media.produce("encode of chunk " + spec.chunk().index(), output, temporary -> media.commands()
                .encodeChunk(source, spec, context.threads(), temporary),
                context.cancellation());
        media.checkUnchanged(spec.source(), source, spec.identity());
        return new ChunkEncoded(spec.rung().name(), spec.generation(), spec.chunk().index(), spec.chunk().startFrame(),
                spec.chunk().frames(), relative, Files.size(output));
    }
}
