package dev.encodeflow.rules;

import dev.encodeflow.model.Asset;
import dev.encodeflow.model.AudioCodec;
import dev.encodeflow.model.AudioReady;
import dev.encodeflow.model.Assembled;
import dev.encodeflow.model.Chunk;
import dev.encodeflow.model.ChunkPlan;
import dev.encodeflow.model.Packaged;
import dev.encodeflow.model.Probe;
import dev.encodeflow.model.Rendition;
import dev.encodeflow.model.RenditionState;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The outputs a rule may produce, available in DRL as the global {@code emit}. Each call appends a
 * task request to the decision; nothing here touches the database, ffmpeg or a broker. The rule
 * that made the call is recorded automatically.
 */
public final class Emit {

    private final Supplier<Collection<Rendition>> renditions;
    private final List<TaskRequest> requests = new ArrayList<>();
    private String currentRule = "(none)";

    Emit(Supplier<Collection<Rendition>> renditions) {
        this.renditions = renditions;
    }

    /** Probe the source: duration, exact frame count, frame rate, size, audio. */
    public void probe(Asset asset) {
        add(TaskType.PROBE, asset.getId() + "/probe", null, null, null, new TaskSpec.Probe(asset.getSource()));
    }

    /** Encode the source's audio once in the audio codec a rendition needs; renditions share it. */
    public void encodeAudio(Asset asset, Probe probe, Rendition rendition) {
        AudioCodec codec = rendition.getAudioCodec();
        add(TaskType.ENCODE_AUDIO, asset.getId() + "/audio/" + codec.id(), null, null, null,
                new TaskSpec.EncodeAudio(asset.getSource(), probe.audioOffsetSeconds(), codec, probe.identity(),
                        probe.audioChannels(), asset.getDelivery().loudnessLufs()));
    }

    /** Encode one chunk of one rendition, for the rendition's current generation. */
    public void encodeChunk(Asset asset, Probe probe, Rendition rendition, Chunk chunk) {
        add(TaskType.ENCODE_CHUNK, generationKey(asset, rendition) + "/chunk/" + chunk.key(), rendition.getName(),
                chunk.index(), rendition.getGeneration(), new TaskSpec.EncodeChunk(asset.getSource(),
                        rendition.getRung(), rendition.getGeneration(), chunk, rendition.frameStep(probe),
                        probe.identity(), picture(probe), rendition.keyFrameInterval(probe, asset)));
    }

    private static TaskSpec.Picture picture(Probe probe) {
        return new TaskSpec.Picture(probe.fpsNum(), probe.fpsDen(), probe.isInterlaced() ? probe.fieldOrder() : null,
                probe.variableRateFrom());
    }

    /** Join the rendition's encoded chunks and the audio, without re-encoding. */
    public void assemble(Asset asset, Rendition rendition, ChunkPlan plan, AudioReady audio) {
        add(TaskType.ASSEMBLE, generationKey(asset, rendition) + "/assemble", rendition.getName(), null,
                rendition.getGeneration(), new TaskSpec.Assemble(rendition.getRung(), rendition.getGeneration(),
                        plan.getChunkCount(), audio.path()));
    }

    /** Check the assembled file against the source and the recipe; publish it when it passes. */
    public void validate(Asset asset, Rendition rendition, Assembled assembled, Probe probe) {
        add(TaskType.VALIDATE, generationKey(asset, rendition) + "/validate", rendition.getName(), null,
                rendition.getGeneration(), new TaskSpec.Validate(rendition.getRung(), rendition.getGeneration(),
                        assembled.path(), assembled.sha256(), probe.frames(), probe.fpsNum(), probe.fpsDen(),
                        rendition.frameStep(probe), probe.hasAudio(), probe.audioDurationSeconds(),
                        probe.audioOffsetSeconds(), rendition.keyFrameInterval(probe, asset)));
    }

    /**
     * Write the asset's streaming manifests ({@link Asset#getPackagingFormats()}) over its complete
     * renditions, as they are now; a re-encoded rendition makes a new package.
     */
    public void packageRenditions(Asset asset, Probe probe) {
        List<TaskSpec.PackageInput> inputs = new ArrayList<>();
        for (Rendition r : ladder()) {
            if (r.getState() == RenditionState.COMPLETE && r.getOutput() != null) {
                inputs.add(new TaskSpec.PackageInput(r.getName(), r.getCodec(), r.getGeneration(), r.getOutput().path(),
                        r.getWidth(), r.getHeight()));
            }
        }
        add(TaskType.PACKAGE, asset.getId() + "/package/" + contentVersion(), null, null, null,
                new TaskSpec.Package(inputs, asset.getPackagingFormats(),
                        (asset.getDelivery().segmentFrames(probe) - 0.5) * probe.fpsDen() / probe.fpsNum()));
    }

    /** Compare a complete rendition with its source (PSNR, SSIM, VMAF where available). */
    public void measureQuality(Asset asset, Probe probe, Rendition rendition) {
        if (rendition.getOutput() == null) {
            return;
        }
        add(TaskType.MEASURE_QUALITY, generationKey(asset, rendition) + "/quality", rendition.getName(), null,
                rendition.getGeneration(), new TaskSpec.MeasureQuality(asset.getSource(), probe.identity(),
                        rendition.getName(), rendition.getGeneration(), rendition.getOutput().path(), rendition.getWidth(),
                        rendition.getHeight(), Math.max(1, rendition.frameStep(probe)), picture(probe),
                        rendition.getRung().effectiveBitDepth() == 10 ? "yuv420p10le" : "yuv420p"));
    }

    /** Announce that every rendition of the asset is complete. */
    public void notifyCompleted(Asset asset) {
        notify(asset, TaskSpec.AssetEvent.COMPLETED, null);
    }

    /** Announce that every rendition of the asset is complete, with its streaming manifests. */
    public void notifyCompleted(Asset asset, Packaged packaged) {
        notify(asset, TaskSpec.AssetEvent.COMPLETED, packaged == null ? null : packaged.manifests());
    }

    /** Announce that the asset failed, with its error. */
    public void notifyFailed(Asset asset) {
        notify(asset, TaskSpec.AssetEvent.FAILED, null);
    }

    /** Announce that one rendition is complete (published and validated), with its output. */
    public void notifyRenditionCompleted(Asset asset, Rendition rendition) {
        TaskSpec.RenditionOutcome outcome = new TaskSpec.RenditionOutcome(rendition.getName(), rendition.getState(),
                rendition.getGeneration(), rendition.getOutput(), rendition.getError());
        // One event per generation of the rendition: a re-encode announces again. Not tied to the
        // rendition as a task (a notification that cannot be sent must not fail the rendition).
        add(TaskType.NOTIFY, asset.getId() + "/notify/" + TaskSpec.AssetEvent.RENDITION_COMPLETED + "/"
                + rendition.getName() + ":" + rendition.getGeneration(), null, null, null, new TaskSpec.Notify(new TaskSpec.AssetEvent(
                        TaskSpec.AssetEvent.RENDITION_COMPLETED, asset.getId(), asset.getState(), null, List.of(outcome),
                        null)));
    }

    private List<Rendition> ladder() {
        return renditions.get().stream().sorted(Comparator.comparingInt(Rendition::getOrdinal)).toList();
    }

    /** "name:generation,..." over the ladder: one content version of the asset. */
    private String contentVersion() {
        StringBuilder version = new StringBuilder();
        for (Rendition r : ladder()) {
            version.append(version.length() == 0 ? "" : ",").append(r.getName()).append(':').append(r.getGeneration());
        }
        return version.toString();
    }

    private void notify(Asset asset, String type, Map<String, String> packages) {
        List<Rendition> ladder = ladder();
        List<TaskSpec.RenditionOutcome> outcomes = ladder.stream()
                .map(r -> new TaskSpec.RenditionOutcome(r.getName(), r.getState(), r.getGeneration(), r.getOutput(),
                        r.getError()))
                .toList();
        // One event per content version of the asset: a re-encode that completes again announces
        // again, a replayed session does not.
        add(TaskType.NOTIFY, asset.getId() + "/notify/" + type + "/" + contentVersion(), null, null, null,
                new TaskSpec.Notify(new TaskSpec.AssetEvent(type, asset.getId(), asset.getState(), asset.getError(),
                        outcomes, packages)));
    }

    private static String generationKey(Asset asset, Rendition rendition) {
        return asset.getId() + "/" + rendition.getName() + "/g" + rendition.getGeneration();
    }

    private void add(TaskType type, String key, String rendition, Integer chunk, Integer generation, TaskSpec spec) {
        requests.add(new TaskRequest(type, key, rendition, chunk, generation, spec, currentRule));
    }

    void firing(String rule) {
        currentRule = rule;
    }

    String currentRule() {
        return currentRule;
    }

    /** The requests so far, each key once (several rules may ask for the same task), and forgets them. */
    List<TaskRequest> drain() {
        Map<String, TaskRequest> unique = new LinkedHashMap<>();
        for (TaskRequest request : requests) {
            unique.putIfAbsent(request.dedupKey(), request);
        }
        requests.clear();
        return List.copyOf(unique.values());
    }
}
