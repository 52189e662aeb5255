package dev.encodeflow.tasks;

import dev.encodeflow.media.encoder.Encoders;
import dev.encodeflow.media.encoder.VideoEncoder;
import dev.encodeflow.model.ChunkEncoded;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.reuse.EncoderKeys;
import dev.encodeflow.reuse.Recipes;
import dev.encodeflow.reuse.ReuseKey;
import dev.encodeflow.reuse.ReuseStore;
import dev.encodeflow.worker.TaskContext;
import dev.encodeflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;

/** ENCODE_CHUNK: one frame-exact chunk of one rendition (the map). */
@ApplicationScoped
public class EncodeChunkTask implements TaskHandler {

    private final MediaWork media;
    private final ReuseStore reuse;
    private final EncoderKeys encoders;

    EncodeChunkTask(MediaWork media, ReuseStore reuse, EncoderKeys encoders) {
        this.media = media;
        this.reuse = reuse;
        this.encoders = encoders;
    }

    @Override
    public TaskType type() {
        return TaskType.ENCODE_CHUNK;
    }

    /** Every file the encoders write for a statistics name (x264 adds -0.log and .mbtree, x265 .cutree). */
    private static void deleteStats(Path stats) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(stats.getParent())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(stats.getFileName().toString()))
                    .toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public Object run(TaskContext context) throws Exception {
        TaskSpec.EncodeChunk spec = context.spec(TaskSpec.EncodeChunk.class);
        Path source = media.source(spec.source(), spec.identity());
        String relative = media.layout().chunkFile(context.task(), spec.rung().name(), spec.generation(),
                spec.chunk().index());
        Path output = media.layout().absolute(relative);
        boolean twoPass = Encoders.of(spec.rung().codec()).twoPass(spec.rung());
        ReuseKey key = reuse.enabled() ? key(spec, twoPass) : null;
        // A later generation exists because someone said "encode this again" (EncodeStale): it
        // never reuses, and its encode replaces the one kept.
        boolean forced = spec.generation() > 0;
        if (key != null && !forced && reuse.fetch(key, output)) {
            // Encoded before from the same frames of the same content with the same recipe and
            // encoder (another asset, another rendition name, a retry): execution avoidance.
            return encoded(spec, relative, output);
        }
        media.requireFreeSpace(0, "encoding chunk " + spec.chunk().index() + " of " + spec.rung().name());
        if (twoPass) {
            // The first pass measures the chunk; its statistics sit beside the chunk, named for
            // this run, and go when the chunk is written.
            VideoEncoder.Pass first = new VideoEncoder.Pass(1, output.resolveSibling(output.getFileName() + ".pass"));
            Files.createDirectories(output.getParent());
            try {
                media.produceNothing("first pass of chunk " + spec.chunk().index(), media.commands()
                        .encodeChunk(source, spec, context.threads(), null, first), context.cancellation());
                media.produce("encode of chunk " + spec.chunk().index(), output, temporary -> media.commands()
                        .encodeChunk(source, spec, context.threads(), temporary,
                                new VideoEncoder.Pass(2, first.stats())), context.cancellation());
            } finally {
                deleteStats(first.stats());
            }
        } else {
            media.produce("encode of chunk " + spec.chunk().index(), output, temporary -> media.commands()
                    .encodeChunk(source, spec, context.threads(), temporary), context.cancellation());
        }
        media.checkUnchanged(spec.source(), source, spec.identity());
        if (key != null) {
            reuse.keep(key, output, encoders.identity(spec.rung().codec()), forced);
        }
        return encoded(spec, relative, output);
    }

    private ReuseKey key(TaskSpec.EncodeChunk spec, boolean twoPass) {
        String encoder = encoders.forVideo(spec.rung().codec());
        return encoder == null ? null : Recipes.chunk(media.commands(), spec, twoPass, encoder);
    }

    private static ChunkEncoded encoded(TaskSpec.EncodeChunk spec, String relative, Path output)
            throws java.io.IOException {
        return new ChunkEncoded(spec.rung().name(), spec.generation(), spec.chunk().index(), spec.chunk().startFrame(),
                spec.chunk().frames(), relative, Files.size(output));
    }
}
