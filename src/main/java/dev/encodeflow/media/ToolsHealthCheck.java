package dev.encodeflow.media;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while ffmpeg and ffprobe run. */
@Readiness
@ApplicationScoped
public class ToolsHealthCheck implements HealthCheck {

    private final MediaTools tools;

    ToolsHealthCheck(MediaTools tools) {
        this.tools = tools;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            List<String> versions = tools.check();
            return HealthCheckResponse.named("ffmpeg").up()
                    .withData("ffmpeg", versions.get(0)).withData("ffprobe", versions.get(1)).build();
        } catch (MediaTools.MissingToolException e) {
            return HealthCheckResponse.named("ffmpeg").down().withData("error", e.getMessage()).build();
        }
    }
}
