package dev.encodeflow.rules;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The rule set in force. Loaded from {@code rules.dir} at start-up; a rule set that does not
 * compile stops the start with every error as file:line: message.
 */
@Startup
@ApplicationScoped
public class ActiveRules {

    private static final Logger LOG = Logger.getLogger(ActiveRules.class);

    private final AtomicReference<RuleSet> current = new AtomicReference<>();
    private final RuleSetCompiler compiler;
    private final Path dir;

    ActiveRules(RulesConfig config, Clock clock) throws RuleSetRejected {
        this.compiler = new RuleSetCompiler(Thread.currentThread().getContextClassLoader(), clock);
        this.dir = Path.of(config.dir()).toAbsolutePath().normalize();
        long started = System.nanoTime();
        try {
            RuleSet loaded = compiler.compileDirectory(dir);
            current.set(loaded);
            LOG.infof("Rules %s loaded from %s: %d files, %d rules in %d ms", loaded.version(), dir,
                    loaded.files().size(), loaded.ruleNames().size(), (System.nanoTime() - started) / 1_000_000);
        } catch (RuleSetRejected e) {
            LOG.errorf("The rules in %s do not compile:%n%s", dir, e.getMessage());
            throw e;
        }
    }

    public RuleSet current() {
        return current.get();
    }

    public RuleSetCompiler compiler() {
        return compiler;
    }

    public Path dir() {
        return dir;
    }
}
