package dev.encodeflow.rules.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.encodeflow.model.Rung;
import dev.encodeflow.model.TaskType;
import dev.encodeflow.rules.RuleError;
import java.util.List;
import java.util.Map;

/** What the service sends the sandbox JVM on its standard input, and what comes back on its output. */
public final class SandboxProtocol {

    /** Request kinds. */
    public enum Kind { PING, BUILD, PREVIEW }

    /** A stored fact as it is in the log: its number, type name and JSON. */
    public record StoredFact(long seq, String type, String json) {
    }

    /**
     * The first line: compile {@code drl} and run {@code scenarios}. For a preview, one
     * {@link AssetLog} per line follows, each replayed under {@code activeDrl} (the rules in force)
     * and under {@code drl} and compared, and the sandbox answers one {@link AssetDifference} line
     * per asset that changes before its final {@link Response} line.
     */
    public record Request(Kind kind, Map<String, String> drl, Map<String, String> scenarios, int maxFirings,
            Map<String, String> activeDrl) {
    }

    /** One stored asset's log, for a preview. */
    public record AssetLog(String assetId, List<StoredFact> facts) {
    }

    /** A task in a preview, with what its encode-time estimate needs. */
    public record PreviewTask(TaskType type, String rendition, Integer chunk, Integer generation, String rule,
            Long frames, Rung rung) {
    }

    /** What a candidate changes for one asset. */
    public record AssetDifference(String assetId, List<PreviewTask> added, List<PreviewTask> removed) {
    }

    /**
     * The outcome: {@code errors} (compile, guard, scenario) when rejected; for a build the
     * version, rule names and the number of scenarios; for a preview the differences.
     */
    public record Response(boolean ok, String version, List<String> ruleNames, Integer scenarios,
            List<RuleError> errors, String activeVersion, List<RuleError> scenarioFailures) {

        static Response rejected(List<RuleError> errors) {
            return new Response(false, null, null, null, errors, null, null);
        }
    }

    /** A line of the sandbox's output: a difference (preview) or the final response. */
    record Line(AssetDifference difference, Response response) {
    }

    private SandboxProtocol() {
    }

    /** The JSON both sides use (the service's own mapper settings where they matter: strict reading). */
    static ObjectMapper json() {
        return JsonMapper.builder().findAndAddModules()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }
}
