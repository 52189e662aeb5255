package dev.encodeflow.rules.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How candidate rules are compiled and run apart from the service (docs/security.md). */
@ConfigMapping(prefix = "rules.sandbox")
public interface SandboxConfig {

    /**
     * {@code auto}: in a bubblewrap sandbox when {@code bwrap} is installed, else candidate rules
     * sent over the API are refused (503) and only the rules folder loads, in the service;
     * {@code bwrap}: required (the service does not start without it); {@code off}: no sandbox
     * (the folder loads in the service, API candidates are refused).
     */
    @WithDefault("auto")
    String mode();

    /** The bubblewrap binary; found on PATH when absent. */
    Optional<String> bwrap();

    /** Wall-clock limit of one sandboxed run (compile, scenarios, preview). */
    @WithDefault("PT30S")
    Duration timeout();

    /** Heap of the sandbox JVM; its address space is limited to this plus 512 MB. */
    @WithDefault("256")
    int heapMb();

    /**
     * Loop guard of scenario runs in the sandbox (at most {@code rules.max-firings}): scenarios
     * are small, so a candidate whose rules never settle is told so in seconds.
     */
    @WithDefault("10000")
    int maxFirings();

    /** Sandboxed runs at once; more wait for a turn (up to the timeout), then get 503. */
    @WithDefault("1")
    int concurrency();

    /** The unprivileged user id the sandbox runs as when the service runs as root. */
    @WithDefault("60999")
    int uid();

    /** Where class path entries unreadable by that user are linked or copied to. */
    Optional<String> workDir();
}
