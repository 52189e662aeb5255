package dev.encodeflow.tasks;

import dev.encodeflow.media.ProbeParser;
import dev.encodeflow.model.TaskSpec;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.process.ProcessResult;
import dev.encodeflow.worker.TaskContext;
import dev.encodeflow.worker.TaskFailure;
import dev.encodeflow.worker.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;

/** PROBE: ffprobe the source. A file ffprobe cannot read will not become readable: fail at once. */
@ApplicationScoped
public class ProbeTask implements TaskHandler {

    private static final List<String> UNREADABLE = List.of("Invalid data found", "moov atom not found",
            "could not find codec parameters", "Unknown format", "End of file", "Invalid argument");

    private final MediaWork media;

    ProbeTask(MediaWork media) {
        this.media = media;
    }

    @Override
    public TaskType type() {
        return TaskType.PROBE;
    }

    @Override
    public Object run(TaskContext context) throws Exception {
        TaskSpec.Probe spec = context.spec(TaskSpec.Probe.class);
        Path source = media.source(spec.source());
        ProcessResult result;
        try {
            result = media.run("ffprobe", media.commands().probe(source), context.cancellation());
        } catch (TaskFailure failure) {
            boolean unreadable = UNREADABLE.stream().anyMatch(failure.getMessage()::contains);
            throw new TaskFailure("cannot read the source " + spec.source() + ": " + failure.getMessage(), unreadable);
        }
        String damage = result.stderrTail().lines().filter(line -> line.contains("partial file")).findFirst()
                .orElse(null);
        if (damage != null) {
            throw TaskFailure.permanent("the source " + spec.source() + " is damaged or truncated: " + damage.strip());
        }
        try {
            return ProbeParser.source(result.stdout());
        } catch (ProbeParser.UnusableMediaException e) {
            throw TaskFailure.permanent("cannot use the source " + spec.source() + ": " + e.getMessage());
        }
    }
}
