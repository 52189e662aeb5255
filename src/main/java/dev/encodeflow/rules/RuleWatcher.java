package dev.encodeflow.rules;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Hot reload: looks at the rules folder every {@code rules.watch-interval} and reloads it when a
 * rule or scenario file was added, changed or removed. Polling the names, sizes and modification
 * times is cheap, works on every file system (network mounts included) and copes with editors
 * that save by renaming.
 */
@ApplicationScoped
public class RuleWatcher {

    private final ActiveRules rules;
    private final RulesConfig config;
    private volatile String seen;

    RuleWatcher(ActiveRules rules, RulesConfig config) {
        this.rules = rules;
        this.config = config;
    }

    @Scheduled(every = "${rules.watch-interval:PT1S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void look() throws IOException {
        if (!config.watch() || !rules.needed()) {
            return;
        }
        String now = fingerprint(rules.dir());
        if (seen == null) {
            seen = now;
        } else if (!now.equals(seen)) {
            seen = now;
            rules.reload();
        }
    }

    static String fingerprint(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "(missing)";
        }
        StringBuilder print = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".drl") || name.endsWith(".yaml") || name.endsWith(".yml")) {
                    print.append(dir.relativize(file)).append(':').append(Files.size(file)).append(':')
                            .append(Files.getLastModifiedTime(file).toMillis()).append(';');
                }
            }
        }
        return print.toString();
    }
}
