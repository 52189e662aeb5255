package dev.encodeflow.packaging;

import dev.encodeflow.model.Packaged;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.tasks.MediaWork;
import dev.encodeflow.worker.TaskContext;
import dev.encodeflow.worker.TaskFailure;
import dev.encodeflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PACKAGE: CMAF segments with a DASH MPD and HLS playlists over an asset's published renditions,
 * written into a folder of its own under a temporary name and renamed into place in one step, so
 * a player never sees half a package. Each content version (the renditions' generations) gets its
 * own folder: a package being served is never rewritten.
 */
@ApplicationScoped
public class PackageTask implements TaskHandler {

    private final MediaWork media;

    PackageTask(MediaWork media) {
        this.media = media;
    }

    @Override
    public TaskType type() {
        return TaskType.PACKAGE;
    }

    @Override
    public Object run(TaskContext context) throws Exception {
        TaskSpec.Package spec = context.spec(TaskSpec.Package.class);
        String asset = context.task().assetId();
        if (spec.renditions().isEmpty()) {
            throw TaskFailure.permanent("nothing to package: no rendition of " + asset + " is published");
        }
        Map<String, Integer> generations = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        for (TaskSpec.PackageInput rendition : spec.renditions()) {
            Path file = media.layout().absolute(rendition.path());
            if (!Files.isRegularFile(file)) {
                throw TaskFailure.permanent("rendition " + rendition.name() + " is not published: " + rendition.path());
            }
            files.add(file);
            generations.put(rendition.name(), rendition.generation());
        }
        String relative = asset + "/package/" + version(generations);
        Path folder = media.layout().absolute(relative);
        Map<String, String> manifests = manifests(relative, spec.formats());
        if (!Files.isDirectory(folder)) {
            long needed = 0;
            for (Path file : files) {
                needed += Files.size(file);
            }
            media.requireFreeSpace(needed, "packaging " + asset);
            Path temporary = folder.resolveSibling(folder.getFileName() + ".part-t" + context.task().id() + "a"
                    + context.task().attempt());
            try {
                Files.createDirectories(temporary);
                media.run("packaging", new PackageCommands(media.ffmpeg()).command(spec.renditions(), files, spec.formats(), spec.segmentSeconds(),
                        temporary), context.cancellation());
                if (spec.formats().contains("hls")) {
                    HlsBandwidth.rewrite(temporary.resolve(PackageCommands.MASTER));
                }
                if (!spec.formats().contains("dash")) {
                    // The DASH muxer always writes its MPD; HLS alone was asked for.
                    Files.deleteIfExists(temporary.resolve(PackageCommands.MPD));
                }
                Files.move(temporary, folder, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                MediaWork.deleteTree(temporary);
            }
        }
        for (String manifest : manifests.values()) {
            if (!Files.isRegularFile(media.layout().absolute(manifest))) {
                throw TaskFailure.permanent("the package of " + asset + " has no " + manifest);
            }
        }
        return new Packaged(generations, manifests);
    }

    private static Map<String, String> manifests(String folder, List<String> formats) {
        Map<String, String> manifests = new LinkedHashMap<>();
        if (formats.contains("hls")) {
            manifests.put("hls", folder + "/" + PackageCommands.MASTER);
        }
        if (formats.contains("dash")) {
            manifests.put("dash", folder + "/" + PackageCommands.MPD);
        }
        return manifests;
    }

    /** A short name for one content version: the renditions and their generations, hashed. */
    static String version(Map<String, Integer> generations) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(generations.toString().getBytes(StandardCharsets.UTF_8));
            return "v" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
