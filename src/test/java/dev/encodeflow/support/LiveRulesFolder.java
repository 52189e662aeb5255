package dev.encodeflow.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A copy of the shipped rules in a folder of its own, watched closely, so tests can drop files
 * into a live rules folder without touching rules/.
 */
public class LiveRulesFolder implements QuarkusTestProfile {

    /**
     * A fixed path: this class is loaded twice (by the test runner for the profile and by the
     * application's class loader for the test), and both must name the same folder.
     */
    public static final Path DIR = Path.of("target/live-rules").toAbsolutePath();

    static {
        copyShippedRules(DIR);
    }

    /** Copies rules/ (rule files and scenarios) into {@code dir}, leaving files already equal alone. */
    public static void copyShippedRules(Path dir) {
        try {
            Files.createDirectories(dir.resolve("scenarios"));
            try (Stream<Path> files = Files.walk(Path.of("rules"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path copy = dir.resolve(Path.of("rules").relativize(file));
                    if (!Files.exists(copy) || Files.mismatch(file, copy) != -1) {
                        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("rules.dir", DIR.toString(), "rules.watch-interval", "PT1S", "rules.max-firings", "20000");
    }
}
