package dev.encodeflow.quality;

import dev.encodeflow.model.QualityMeasured;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.process.ProcessResult;
import dev.encodeflow.tasks.MediaWork;
import dev.encodeflow.worker.TaskContext;
import dev.encodeflow.worker.TaskFailure;
import dev.encodeflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * MEASURE_QUALITY: compares a published rendition with the source it was made from and records
 * the means as a {@link QualityMeasured} fact. VMAF is measured when the ffmpeg in use has the
 * libvmaf filter (looked up once, at the first measurement).
 */
@ApplicationScoped
public class MeasureQualityTask implements TaskHandler {

    private final MediaWork media;
    private volatile Boolean vmaf;

    MeasureQualityTask(MediaWork media) {
        this.media = media;
    }

    @Override
    public TaskType type() {
        return TaskType.MEASURE_QUALITY;
    }

    @Override
    public Object run(TaskContext context) throws Exception {
        TaskSpec.MeasureQuality spec = context.spec(TaskSpec.MeasureQuality.class);
        Path source = media.source(spec.source(), spec.identity());
        Path rendition = media.layout().absolute(spec.path());
        if (!Files.isRegularFile(rendition)) {
            throw TaskFailure.permanent("rendition " + spec.rendition() + " is not published: " + spec.path());
        }
        boolean withVmaf = hasVmaf(context);
        ProcessResult result = media.run("quality measurement of " + spec.rendition(),
                new QualityCommands(media.ffmpeg(), media.sourceFormats()).compare(rendition, source, spec, withVmaf,
                        context.threads()), context.cancellation());
        media.checkUnchanged(spec.source(), source, spec.identity());
        double[] scores = QualityCommands.scores(result.stderrTail());
        if (scores == null) {
            throw TaskFailure.retryable("the quality measurement of " + spec.rendition() + " printed no PSNR/SSIM: "
                    + result.lastErrorLine());
        }
        return new QualityMeasured(spec.rendition(), spec.generation(), scores[0], scores[1],
                Double.isNaN(scores[2]) ? null : scores[2]);
    }

    private boolean hasVmaf(TaskContext context) throws Exception {
        if (vmaf == null) {
            ProcessResult filters = media.run("ffmpeg -filters", List.of(media.ffmpeg(), "-hide_banner", "-filters"),
                    context.cancellation());
            vmaf = filters.stdout().lines().anyMatch(line -> line.matches("\\s*\\S+\\s+libvmaf\\s.*"));
        }
        return vmaf;
    }
}
