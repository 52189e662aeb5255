package dev.encodeflow.rules.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.encodeflow.rules.RuleError;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Compiles and runs candidate rules in a separate, short-lived, unprivileged JVM under time,
 * memory and file limits ({@link SandboxCommand}), so that rule code the guard failed to stop
 * still cannot reach the service, its database or its files, and a rule that loops or allocates
 * without end costs one killed process and a 422, never a hung service. Runs are limited in
 * number ({@code rules.sandbox.concurrency}); the caller's thread waits for the child, which also
 * keeps the children's parent-death signals tied to a live thread.
 */
@Startup
@ApplicationScoped
public class RuleSandbox {

    private static final Logger LOG = Logger.getLogger(RuleSandbox.class);
    static final int LINE_LIMIT = 16 * 1024 * 1024;
    static final int STDERR_LINES = 40;

    /** The sandbox cannot take a run now (none here, or every slot busy): 503. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    private final SandboxConfig config;
    private final Semaphore slots;
    private final ObjectMapper json = SandboxProtocol.json();
    private final ExecutorService helpers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "rule-sandbox-io");
        thread.setDaemon(true);
        return thread;
    });
    private final SandboxLauncher launcher;

    RuleSandbox(SandboxConfig config) {
        this.config = config;
        this.slots = new Semaphore(Math.max(1, config.concurrency()), true);
        this.launcher = SandboxLauncher.resolve(config, this::works);
        if (launcher == null) {
            LOG.warnf("Rule sandbox off (rules.sandbox.mode=%s): candidate rules sent over the API are refused; "
                    + "install bubblewrap (apt-get install bubblewrap) to check them safely", config.mode());
        } else {
            LOG.infof("Rule sandbox: %s", launcher.describe());
        }
    }

    public boolean available() {
        return launcher != null;
    }

    /** The command the sandbox runs (for the isolation tests), or null when there is none. */
    public SandboxCommand command() {
        return launcher == null ? null : launcher.command();
    }

    /** Compiles a candidate and runs its scenarios; a candidate that fails, crashes, loops or runs out of memory comes back rejected. */
    public SandboxProtocol.Response build(Map<String, String> drl, Map<String, String> scenarios, int maxFirings) {
        return build(drl, scenarios, maxFirings, config.timeout());
    }

    /**
     * As {@link #build(Map, Map, int)}, waiting up to {@code turn} for a free slot: the rules
     * folder's own loads wait their turn behind candidates sent over the API rather than fail.
     */
    public SandboxProtocol.Response build(Map<String, String> drl, Map<String, String> scenarios, int maxFirings,
            Duration turn) {
        int firings = Math.min(maxFirings, config.maxFirings());
        return run(new SandboxProtocol.Request(SandboxProtocol.Kind.BUILD, drl, scenarios, firings, null),
                List.<SandboxProtocol.AssetLog>of().iterator(), d -> { }, config.timeout(), turn);
    }

    /**
     * Replays stored logs under the rules in force and under a candidate; each asset the candidate
     * changes is handed to {@code sink}. The time allowed grows with the number of assets.
     */
    public SandboxProtocol.Response preview(Map<String, String> drl, Map<String, String> scenarios, int maxFirings,
            Map<String, String> activeDrl, Iterator<SandboxProtocol.AssetLog> logs, int assets,
            Consumer<SandboxProtocol.AssetDifference> sink) {
        Duration allowed = config.timeout().plusMillis(50L * assets);
        return run(new SandboxProtocol.Request(SandboxProtocol.Kind.PREVIEW, drl, scenarios, maxFirings, activeDrl),
                logs, sink, allowed, config.timeout());
    }

    private SandboxProtocol.Response run(SandboxProtocol.Request request, Iterator<SandboxProtocol.AssetLog> logs,
            Consumer<SandboxProtocol.AssetDifference> sink, Duration allowed, Duration turn) {
        if (launcher == null) {
            throw new Unavailable("candidate rules are checked in a sandbox, and this service has none: install "
                    + "bubblewrap (apt-get install bubblewrap) or see rules.sandbox.mode in docs/security.md");
        }
        try {
            if (!slots.tryAcquire(turn.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Unavailable("the rule sandbox is busy with other candidates: try again shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for the rule sandbox");
        }
        try {
            return exchange(launcher, request, logs, sink, allowed);
        } finally {
            slots.release();
        }
    }

    private SandboxProtocol.Response exchange(SandboxLauncher with, SandboxProtocol.Request request,
            Iterator<SandboxProtocol.AssetLog> logs, Consumer<SandboxProtocol.AssetDifference> sink, Duration allowed) {
        long started = System.nanoTime();
        Process process;
        try {
            process = with.start(request.kind() == SandboxProtocol.Kind.PREVIEW);
        } catch (IOException e) {
            throw new Unavailable("the rule sandbox could not start: " + e.getMessage());
        }
        // The deadline holds even while this thread is blocked writing to a child that stopped reading.
        var deadline = CompletableFuture.delayedExecutor(allowed.toMillis(), TimeUnit.MILLISECONDS, helpers);
        CompletableFuture<Void> killer = CompletableFuture.runAsync(process::destroyForcibly, deadline);
        CompletableFuture<SandboxProtocol.Response> answer = CompletableFuture.supplyAsync(
                () -> read(process.getInputStream(), sink), helpers);
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> tail(process.getErrorStream()), helpers);
        try {
            try (Writer in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8))) {
                in.write(json.writeValueAsString(request));
                in.write('\n');
                while (logs.hasNext()) {
                    in.write(json.writeValueAsString(logs.next()));
                    in.write('\n');
                }
            } catch (IOException e) {
                // the child stopped reading (it died, or it was stopped): its exit status says why
            }
            boolean finished = process.waitFor(Math.max(1, allowed.toMillis() - elapsed(started)) + 1000,
                    TimeUnit.MILLISECONDS);
            boolean timedOut = !finished || elapsed(started) >= allowed.toMillis();
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            SandboxProtocol.Response response = answer.get(5, TimeUnit.SECONDS);
            LOG.debugf("Rule sandbox %s: exit %d in %d ms", request.kind(), process.exitValue(), elapsed(started));
            if (response != null && process.exitValue() == 0) {
                return response;
            }
            if (timedOut) {
                return rejected("the rules took longer than " + allowed.toSeconds() + " s to compile and run (a rule "
                        + "that never settles, or too much to compile): stopped");
            }
            return rejected(failure(process.exitValue(), errors.get(5, TimeUnit.SECONDS)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for the rule sandbox");
        } catch (Exception e) {
            return rejected("the rule sandbox failed: " + e.getMessage());
        } finally {
            killer.cancel(false);
            process.destroyForcibly();
        }
    }

    /** Reads the child's lines: differences go to the sink, the last line is the response. */
    private SandboxProtocol.Response read(InputStream stream, Consumer<SandboxProtocol.AssetDifference> sink) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.length() > LINE_LIMIT) {
                    return null;
                }
                SandboxProtocol.Line parsed = json.readValue(line, SandboxProtocol.Line.class);
                if (parsed.response() != null) {
                    return parsed.response();
                }
                if (parsed.difference() != null) {
                    sink.accept(parsed.difference());
                }
            }
        } catch (IOException e) {
            // a killed child, or output that is not the protocol
        }
        return null;
    }

    /** The last lines of standard error, for the reason of a crash. */
    private static String tail(InputStream stream) {
        ArrayDeque<String> last = new ArrayDeque<>();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                last.addLast(line.length() > 500 ? line.substring(0, 500) : line);
                if (last.size() > STDERR_LINES) {
                    last.removeFirst();
                }
            }
        } catch (IOException e) {
            // gone
        }
        return String.join("\n", last);
    }

    private static String failure(int exit, String stderr) {
        String why = switch (exit) {
            case 3 -> "the rules used more memory than the sandbox allows";
            case 137, 152 -> "the rules used more CPU time than the sandbox allows";
            default -> "the rule sandbox stopped with exit status " + exit;
        };
        String cause = stderr.lines().filter(l -> l.contains("Error") || l.contains("Exception"))
                .reduce((a, b) -> b).orElse("").strip();
        return cause.isEmpty() ? why : why + " (" + cause + ")";
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static SandboxProtocol.Response rejected(String message) {
        return SandboxProtocol.Response.rejected(List.of(new RuleError("(rules)", 0, message)));
    }

    /** Whether a launcher really runs a sandbox JVM here (bubblewrap may lack user namespaces, say). */
    private boolean works(SandboxLauncher candidate) {
        SandboxProtocol.Response pong;
        try {
            pong = exchange(candidate, new SandboxProtocol.Request(SandboxProtocol.Kind.PING, Map.of(), Map.of(), 0,
                    null), List.<SandboxProtocol.AssetLog>of().iterator(), d -> { }, config.timeout());
        } catch (Unavailable e) {
            LOG.warnf("Rule sandbox (%s) does not run here: %s", candidate.describe(), e.getMessage());
            return false;
        }
        if (!pong.ok()) {
            LOG.warnf("Rule sandbox (%s) does not run here: %s", candidate.describe(), pong.errors());
        }
        return pong.ok();
    }
}
