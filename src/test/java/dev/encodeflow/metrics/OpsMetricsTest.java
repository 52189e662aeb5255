package dev.encodeflow.metrics;

import static dev.encodeflow.support.Api.awaitState;
import static dev.encodeflow.support.Api.create;
import static dev.encodeflow.support.Api.newId;
import static dev.encodeflow.support.Api.rung;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.support.TestMedia;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ops metrics of Contract v2 after a real encode: names, labels and values; help text on
 * every project metric; and promtool's lint of the project's metrics (installed by .ci/run from
 * Debian's prometheus package).
 */
@QuarkusTest
class OpsMetricsTest {

    @Inject
    QueueGauges gauges;

    @Test
    void theContractsMetricsAreThereWithTheirLabelsAfterAnEncode() throws Exception {
        String id = newId("metrics");
        create(Map.of("id", id, "source", TestMedia.silentClip(), "chunking", Map.of("seconds", 1.0),
                "ladder", List.of(rung("m", 64, 36, 30))));
        awaitState(id, "COMPLETE");
        gauges.refresh();
        // Each success records its cost (tiny chunks may round to 0 ticks of 10 ms; their sum may not).
        assertThat(dev.encodeflow.support.Api.tasks(id).stream().filter(t -> "ENCODE_CHUNK".equals(t.get("type")))
                .mapToDouble(t -> ((Number) t.get("cpuSeconds")).doubleValue()).sum()).as("chunks' recorded cost")
                .isPositive();
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(value(text, "encodeflow_tasks{state=\"SUCCEEDED\",type=\"ENCODE_CHUNK\"}")).isGreaterThanOrEqualTo(2);
        assertThat(value(text, "encodeflow_task_seconds_count{codec=\"avc\",type=\"ENCODE_CHUNK\"}"))
                .isGreaterThanOrEqualTo(2);
        assertThat(text).contains("encodeflow_task_seconds_bucket{codec=\"avc\",type=\"ENCODE_CHUNK\",le=\"");
        assertThat(value(text, "encodeflow_task_seconds_count{codec=\"none\",type=\"PROBE\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "encodeflow_ffmpeg_cpu_seconds_total{codec=\"avc\"}")).isPositive();
        assertThat(text).containsPattern("encodeflow_rule_firings_total\\{rule=\"[^\"]+\"} [1-9]");
        assertThat(text).contains("encodeflow_queue_oldest_seconds{band=\"normal\",lane=\"live\"}");
        assertThat(text).contains("encodeflow_evaluation_seconds_count");

        List<String> project = text.lines().filter(l -> l.startsWith("encodeflow_") || l.startsWith("# HELP encodeflow_")
                || l.startsWith("# TYPE encodeflow_")).toList();
        Set<String> families = new TreeSet<>();
        project.stream().filter(l -> l.startsWith("# TYPE ")).forEach(l -> families.add(l.split(" ")[2]));
        List<String> withoutHelp = new ArrayList<>();
        for (String family : families) {
            boolean helped = project.stream().anyMatch(l -> l.startsWith("# HELP " + family + " ")
                    && l.length() > ("# HELP " + family + " ").length() + 10);
            if (!helped) {
                withoutHelp.add(family);
            }
        }
        assertThat(withoutHelp).as("project metrics without help text").isEmpty();
        assertThat(families).hasSizeGreaterThanOrEqualTo(10);

        // Every series the Grafana dashboard queries is one the service serves.
        String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("docker/grafana/encodeflow.json"));
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("encodeflow_[a-z_]+").matcher(dashboard);
        Set<String> missing = new TreeSet<>();
        while (used.find()) {
            if (!text.contains("\n" + used.group() + "{") && !text.contains("\n" + used.group() + " ")) {
                missing.add(used.group());
            }
        }
        assertThat(missing).as("series the dashboard queries that the service does not serve").isEmpty();

        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write((String.join("\n", textFormatNames(project)) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String lint = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lint).as("promtool check metrics").isEmpty();
        assertThat(promtool.exitValue()).isZero();
    }

    /**
     * The Prometheus client under Micrometer names a counter's family without its {@code _total}
     * in the HELP and TYPE lines (the OpenMetrics way) even in the 0.0.4 text format, where the
     * family is named like its sample; promtool, reading 0.0.4, then sees a sample without help.
     * The family lines are renamed as 0.0.4 names them; samples, help texts and types are linted
     * as served.
     */
    static List<String> textFormatNames(List<String> lines) {
        Set<String> counters = new TreeSet<>();
        lines.stream().filter(l -> l.startsWith("# TYPE ") && l.endsWith(" counter")).forEach(l -> counters.add(l.split(" ")[2]));
        List<String> renamed = new ArrayList<>();
        for (String line : lines) {
            String[] words = line.split(" ", 4);
            if (line.startsWith("# ") && words.length >= 3 && counters.contains(words[2]) && !words[2].endsWith("_total")) {
                words[2] = words[2] + "_total";
                line = String.join(" ", words);
            }
            renamed.add(line);
        }
        return renamed;
    }

    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
