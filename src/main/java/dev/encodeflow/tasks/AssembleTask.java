package dev.encodeflow.tasks;

import dev.encodeflow.facts.FactLog;
import dev.encodeflow.model.Assembled;
import dev.encodeflow.model.ChunkEncoded;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.worker.TaskContext;
import dev.encodeflow.worker.TaskFailure;
import dev.encodeflow.worker.TaskHandler;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ASSEMBLE: joins a rendition's chunks in order with the concat demuxer (no re-encode) and muxes
 * the shared audio track in (the reduce). The chunks are the ones the log recorded, one per index.
 */
@ApplicationScoped
public class AssembleTask implements TaskHandler {

    private final MediaWork media;
    private final FactLog facts;

    AssembleTask(MediaWork media, FactLog facts) {
        this.media = media;
        this.facts = facts;
    }

    @Override
    public TaskType type() {
        return TaskType.ASSEMBLE;
    }

    @Override
    public Object run(TaskContext context) throws Exception {
        TaskSpec.Assemble spec = context.spec(TaskSpec.Assemble.class);
        String asset = context.task().assetId();
        String rendition = spec.rung().name();
        List<ChunkEncoded> chunks = chunksOf(asset, rendition, spec.generation());
        if (chunks.size() != spec.chunkCount()) {
            throw TaskFailure.permanent("expected " + spec.chunkCount() + " encoded chunks of " + rendition
                    + ", the log has " + chunks.size());
        }
        String container = spec.rung().codec().container();
        String relative = media.layout().assembledFile(context.task(), rendition, spec.generation(), container);
        Path output = media.layout().absolute(relative);
        Path list = output.resolveSibling(output.getFileName() + ".concat.txt");
        StringBuilder lines = new StringBuilder("ffconcat version 1.0\n");
        for (ChunkEncoded chunk : chunks) {
            Path file = media.layout().absolute(chunk.path());
            if (!file.getParent().equals(output.getParent()) || !Files.isRegularFile(file)) {
                throw TaskFailure.permanent("encoded chunk " + chunk.chunk() + " of " + rendition
                        + " is missing: " + chunk.path());
            }
            lines.append("file '").append(file.getFileName()).append("'\n");
        }
        long needed = chunks.stream().mapToLong(ChunkEncoded::bytes).sum();
        media.requireFreeSpace(needed, "assembling " + rendition);
        Files.createDirectories(output.getParent());
        Files.writeString(list, lines, StandardCharsets.UTF_8);
        try {
            Path audio = spec.audioPath() == null ? null : media.layout().absolute(spec.audioPath());
            media.produce("assembly", output, temporary -> media.commands().assemble(list, audio, container,
                    temporary), context.cancellation());
        } finally {
            Files.deleteIfExists(list);
        }
        return new Assembled(rendition, spec.generation(), relative, Files.size(output), MediaWork.sha256(output));
    }

    private List<ChunkEncoded> chunksOf(String asset, String rendition, int generation) {
        List<ChunkEncoded> all = QuarkusTransaction.requiringNew().call(() -> facts.readAll(asset, ChunkEncoded.class));
        Map<Integer, ChunkEncoded> byIndex = new TreeMap<>();
        for (ChunkEncoded chunk : all) {
            if (chunk.rendition().equals(rendition) && chunk.generation() == generation) {
                byIndex.put(chunk.chunk(), chunk);
            }
        }
        return new ArrayList<>(byIndex.values());
    }
}
