package dev.encodeflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {

    private final ProcessRunner runner = ProcessRunner.withParentDeathSignal();

    @Test
    void theExitCodeOutputAndErrorTailAreReported() throws Exception {
        ProcessResult result = runner.run(List.of("sh", "-c", "echo out; echo first >&2; echo 'last line' >&2; exit 3"),
                Duration.ofSeconds(10), new Cancellation());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.lastErrorLine()).isEqualTo("last line");
    }

    @Test
    void aChildRunningPastItsTimeoutIsKilled() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> runner.run(List.of("sleep", "30"), Duration.ofMillis(500), new Cancellation()))
                .isInstanceOf(ProcessFailedException.class).hasMessageContaining("timed out");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5000);
    }

    @Test
    void aChildThatStopsReportingProgressIsKilledAsStalled() {
        assertThatThrownBy(() -> runner.run(List.of("sh", "-c", "echo progress=continue; exec sleep 30"),
                Duration.ofSeconds(60), Duration.ofSeconds(1), new Cancellation()))
                .isInstanceOf(ProcessFailedException.class).hasMessageContaining("stalled: no progress for 1 s");
    }

    @Test
    void aSlowChildThatKeepsReportingIsLeftAlone() throws Exception {
        ProcessResult result = runner.run(List.of("sh", "-c", "for i in 1 2 3 4 5 6; do echo frame=$i; sleep 0.3; done"),
                Duration.ofSeconds(30), Duration.ofSeconds(1), new Cancellation());

        assertThat(result.succeeded()).isTrue();
        assertThat(result.millis()).isGreaterThanOrEqualTo(1500);
    }

    @Test
    void cancellingKillsTheChild() {
        Cancellation cancellation = new Cancellation();
        CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cancellation.cancel("claim lost");
        });

        assertThatThrownBy(() -> runner.run(List.of("sleep", "30"), Duration.ofSeconds(60), cancellation))
                .isInstanceOf(ProcessFailedException.class).hasMessageContaining("cancelled: claim lost")
                .satisfies(e -> assertThat(((ProcessFailedException) e).cancelled()).isTrue());
    }

    @Test
    void aMissingProgramIsAClearFailure() throws Exception {
        // Under setpriv the program is started by setpriv, which reports it; without, starting fails.
        try {
            ProcessResult result = runner.run(List.of("/nonexistent/ffmpeg", "-version"), Duration.ofSeconds(5),
                    new Cancellation());
            assertThat(result.succeeded()).isFalse();
            assertThat(result.lastErrorLine()).contains("/nonexistent/ffmpeg");
        } catch (ProcessFailedException e) {
            assertThat(e).hasMessageContaining("/nonexistent/ffmpeg");
        }
    }

    @Test
    void ffmpegsProgressAndCpuTimeAreReported() throws Exception {
        Cancellation cancellation = new Cancellation();
        ProcessResult result = runner.run(List.of("ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-nostats",
                "-progress", "pipe:1", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=3", "-c:v",
                "libx264", "-preset", "medium", "-f", "null", "-"), java.time.Duration.ofSeconds(60),
                java.time.Duration.ofSeconds(30), cancellation);
        assertThat(result.succeeded()).isTrue();
        Progress last = cancellation.progress();
        assertThat(last).isNotNull();
        assertThat(last.end()).isTrue();
        assertThat(last.frame()).isEqualTo(75);
        assertThat(last.outSeconds()).isBetween(2.5, 3.1);
        assertThat(result.cpuSeconds()).as("CPU seconds sampled from /proc").isPositive();
    }
}
