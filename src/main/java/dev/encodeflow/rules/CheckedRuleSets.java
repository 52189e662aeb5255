package dev.encodeflow.rules;

import dev.encodeflow.db.PlainQueries;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Rule sets whose scenarios already passed, so that a start with the same rules on the same build
 * does not run them again (migrations/V13__checked_rule_sets.sql). Running the scenarios in the
 * sandbox is a fresh JVM and half of a start's time; every replica of a fleet, and every restart,
 * would pay it for a verdict that cannot differ. The key covers everything the verdict depends
 * on: the rule and scenario texts, the loop guard's limit, this build's own classes (their bytes)
 * and the Drools jar. Anything unknown (classes not in a jar or a folder) means no key: the
 * scenarios run. The guard and the compile still run on every load; only the scenario run is
 * remembered. A database error counts as "not checked yet". One autocommit statement each (db.PlainQueries).
 */
@ApplicationScoped
public class CheckedRuleSets {

    private static final Logger LOG = Logger.getLogger(CheckedRuleSets.class);

    private final PlainQueries queries;
    private final boolean enabled;
    private volatile String build;

    CheckedRuleSets(PlainQueries queries,
            @ConfigProperty(name = "rules.remember-checks", defaultValue = "true") boolean enabled) {
        this.queries = queries;
        this.enabled = enabled;
    }

    /** The key of a verdict on these texts, or null when this build cannot be identified. */
    String key(SortedMap<String, String> drl, SortedMap<String, String> scenarios, int maxFirings) {
        String code = enabled ? build() : null;
        if (code == null) {
            return null;
        }
        MessageDigest digest = sha256();
        update(digest, code);
        update(digest, String.valueOf(maxFirings));
        for (SortedMap<String, String> texts : List.of(drl, scenarios)) {
            for (Map.Entry<String, String> file : texts.entrySet()) {
                update(digest, file.getKey());
                update(digest, file.getValue());
            }
            update(digest, "--");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** How many scenarios vouched for the rule set under {@code key}, or -1 when none did yet. */
    int scenariosFor(String key) {
        if (key == null) {
            return -1;
        }
        try {
            List<Object[]> rows = queries.rows("SELECT scenarios FROM checked_rule_set WHERE key = ?", key);
            return rows.isEmpty() ? -1 : ((Number) rows.get(0)[0]).intValue();
        } catch (IllegalStateException e) {
            LOG.debugf("Earlier rule checks not read (%s): the scenarios run", e.getMessage());
            return -1;
        }
    }

    /** Records that {@code scenarios} scenarios passed for the rule set under {@code key}. */
    void passed(String key, String version, int scenarios) {
        if (key == null) {
            return;
        }
        try {
            queries.update("INSERT INTO checked_rule_set (key, version, scenarios, checked_at) VALUES (?, ?, ?, now()) "
                    + "ON CONFLICT (key) DO NOTHING", key, version, scenarios);
        } catch (IllegalStateException e) {
            LOG.debugf("Rule check not remembered (%s): the next start runs the scenarios again", e.getMessage());
        }
    }

    private String build() {
        if (build == null) {
            String own = fingerprint(path(CheckedRuleSets.class));
            String drools = location(org.kie.api.KieServices.class);
            build = own == null || drools == null ? "" : own + "|" + drools;
            if (build.isEmpty()) {
                LOG.infof("Rule checks are not remembered: the build is not identified (classes from %s, Drools from %s)",
                        source(CheckedRuleSets.class), source(org.kie.api.KieServices.class));
            }
        }
        return build.isEmpty() ? null : build;
    }

    /** A digest of the bytes of a jar, or of every file in a folder of classes; null if neither. */
    static String fingerprint(Path where) {
        if (where == null) {
            return null;
        }
        MessageDigest digest = sha256();
        try {
            if (Files.isRegularFile(where)) {
                digestFile(digest, where);
            } else if (Files.isDirectory(where)) {
                try (Stream<Path> files = Files.walk(where)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        update(digest, where.relativize(file).toString());
                        digestFile(digest, file);
                    }
                }
            } else {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Where a library was loaded from: its jar's name carries its version. */
    private static String location(Class<?> type) {
        Path where = path(type);
        return where == null ? null : where.getFileName().toString();
    }

    private static Object source(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }

    private static Path path(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null && "file".equals(source.getLocation().getProtocol())) {
            try {
                return Path.of(source.getLocation().toURI());
            } catch (URISyntaxException | IllegalArgumentException e) {
                return null;
            }
        }
        // Some class loaders (Quarkus's in tests and dev mode) give no code source: find the
        // folder or jar the class file itself was read from.
        String name = type.getName().replace('.', '/') + ".class";
        java.net.URL resource = type.getClassLoader() == null ? null : type.getClassLoader().getResource(name);
        if (resource == null) {
            return null;
        }
        String url = resource.toString();
        try {
            if (url.startsWith("file:") && url.endsWith(name)) {
                return Path.of(java.net.URI.create(url.substring(0, url.length() - name.length())));
            }
            if (url.startsWith("jar:file:") && url.contains("!/")) {
                return Path.of(java.net.URI.create(url.substring(4, url.indexOf("!/"))));
            }
            if (url.startsWith("quarkus:") && io.quarkus.runtime.LaunchMode.current() != io.quarkus.runtime.LaunchMode.NORMAL) {
                // Tests and dev mode serve the classes from memory, built from the build's output.
                Path output = Path.of("target", "classes").toAbsolutePath();
                return Files.isRegularFile(output.resolve(name)) ? output : null;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    private static void digestFile(MessageDigest digest, Path file) throws IOException {
        byte[] buffer = new byte[65536];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
