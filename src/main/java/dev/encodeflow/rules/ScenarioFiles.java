package dev.encodeflow.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.encodeflow.model.FactTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads rule scenarios from YAML. A file holds one scenario or a list of them. Facts are written
 * as {@code - TypeName: {field: value, ...}} with the fields of the fact types in
 * {@code dev.encodeflow.model}; an unknown type or field is an error, not a silent default.
 */
public final class ScenarioFiles {

    public static final String FOLDER = "scenarios";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper FACTS = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ScenarioFiles() {
    }

    /** The text of every scenario file under {@code rulesDir/scenarios}, by name relative to rulesDir. */
    public static SortedMap<String, String> readTexts(Path rulesDir) throws RuleSetRejected {
        Path dir = rulesDir.resolve(FOLDER);
        SortedMap<String, String> texts = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return texts;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList()) {
                texts.put(FOLDER + "/" + file.getFileName(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new RuleSetRejected(List.of(new RuleError(dir.toString(), 0, "cannot read: " + e.getMessage())));
        }
        return texts;
    }

    /** Parses scenario files; every problem of every file is reported. */
    public static List<Scenario> parse(Map<String, String> texts) throws RuleSetRejected {
        List<Scenario> scenarios = new ArrayList<>();
        List<RuleError> errors = new ArrayList<>();
        for (Map.Entry<String, String> file : texts.entrySet()) {
            try {
                JsonNode root = YAML.readTree(file.getValue());
                if (root == null || root.isMissingNode() || root.isNull()) {
                    continue;
                }
                for (JsonNode node : root.isArray() ? root : List.of(root)) {
                    scenarios.add(scenario(file.getKey(), node));
                }
            } catch (JsonProcessingException e) {
                int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
                errors.add(new RuleError(file.getKey(), line, "not valid YAML: " + e.getOriginalMessage()));
            } catch (IllegalArgumentException e) {
                errors.add(new RuleError(file.getKey(), 0, e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleSetRejected(errors);
        }
        return scenarios;
    }

    private static Scenario scenario(String file, JsonNode node) {
        String name = node.path("scenario").asText(null);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("every scenario needs a 'scenario:' name");
        }
        JsonNode expect = node.path("expect");
        if (expect.isMissingNode()) {
            throw new IllegalArgumentException("scenario '" + name + "' has no 'expect:'");
        }
        try {
            List<Scenario.ExpectedTask> tasks = new ArrayList<>();
            for (JsonNode task : expect.path("tasks")) {
                tasks.add(FACTS.treeToValue(task, Scenario.ExpectedTask.class));
            }
            Scenario.Expect expected = new Scenario.Expect(tasks,
                    expect.hasNonNull("asset") ? FACTS.treeToValue(expect.get("asset"), dev.encodeflow.model.AssetState.class) : null,
                    expect.hasNonNull("renditions") ? FACTS.convertValue(expect.get("renditions"),
                            new com.fasterxml.jackson.core.type.TypeReference<Map<String, dev.encodeflow.model.RenditionState>>() { })
                            : Map.of());
            return new Scenario(file, name, facts(name, "given", node.path("given")),
                    facts(name, "when", node.path("when")), expected);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("scenario '" + name + "': " + message(e));
        }
    }

    private static List<Object> facts(String scenario, String section, JsonNode list) {
        List<Object> facts = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : list) {
            Iterator<Map.Entry<String, JsonNode>> fields = entry.fields();
            if (!entry.isObject() || entry.size() != 1) {
                throw new IllegalArgumentException(section + "[" + index + "] must be one 'FactType: {fields}'");
            }
            Map.Entry<String, JsonNode> fact = fields.next();
            Class<?> type;
            try {
                type = FactTypes.classOf(fact.getKey());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(section + "[" + index + "]: unknown fact type '" + fact.getKey() + "'");
            }
            try {
                facts.add(FACTS.treeToValue(fact.getValue(), type));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(section + "[" + index + "] " + fact.getKey() + ": " + message(e));
            }
            index++;
        }
        return facts;
    }

    private static String message(Exception e) {
        return e instanceof JsonProcessingException json ? json.getOriginalMessage().lines().findFirst().orElse("")
                : e.getMessage();
    }
}
