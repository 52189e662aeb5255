package dev.encodeflow.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import dev.encodeflow.rules.guard.RuleGuard;
import org.drools.drl.ast.descr.PackageDescr;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;

/**
 * Compiles DRL files into a {@link RuleSet} with the classic (non executable-model) build, which
 * reports errors with the file and line a rule author can go to. Pure: no Quarkus, no database.
 */
public final class RuleSetCompiler {

    private final ClassLoader classLoader;
    private final Clock clock;
    private final RuleGuard guard;

    public RuleSetCompiler(ClassLoader classLoader, Clock clock) {
        this.classLoader = classLoader;
        this.clock = clock;
        this.guard = new RuleGuard(classLoader);
    }

    /** Compiles every {@code *.drl} file directly in {@code dir}. */
    public RuleSet compileDirectory(Path dir) throws RuleSetRejected {
        return compile(readDirectory(dir));
    }

    /** Reads the {@code *.drl} files directly in {@code dir}, by file name. */
    public static SortedMap<String, String> readDirectory(Path dir) throws RuleSetRejected {
        if (!Files.isDirectory(dir)) {
            throw new RuleSetRejected(List.of(new RuleError(dir.toString(), 0, "rules folder does not exist")));
        }
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path file : entries.filter(p -> p.getFileName().toString().endsWith(".drl")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new RuleSetRejected(List.of(new RuleError(dir.toString(), 0, "cannot read: " + e.getMessage())));
        }
        return files;
    }

    /**
     * Compiles DRL sources given by file name; all errors of all files are reported together.
     * The guard checks the parsed files first, and what is compiled is exactly what it checked
     * (the parsed descriptions, not the text read a second time).
     */
    public RuleSet compile(Map<String, String> sources) throws RuleSetRejected {
        if (sources.isEmpty()) {
            throw new RuleSetRejected(List.of(new RuleError("(rules)", 0, "no .drl files")));
        }
        SortedMap<String, String> sorted = new TreeMap<>(sources);
        RuleGuard.Result guarded = guard.check(sorted);
        if (!guarded.passed()) {
            throw new RuleSetRejected(guarded.errors());
        }
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(
                KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null, classLoader));
        for (Map.Entry<String, PackageDescr> file : guarded.packages().entrySet()) {
            builder.add(ResourceFactory.newDescrResource(file.getValue()).setSourcePath(file.getKey()),
                    ResourceType.DESCR);
        }
        if (builder.hasErrors()) {
            List<RuleError> errors = new ArrayList<>();
            for (KnowledgeBuilderError error : builder.getErrors()) {
                errors.add(toRuleError(error));
            }
            throw new RuleSetRejected(errors);
        }
        InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(
                KieServices.Factory.get().newKieBaseConfiguration(null, classLoader));
        kieBase.addPackages(builder.getKnowledgePackages());
        List<String> ruleNames = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                ruleNames.add(rule.getName());
            }
        }
        ruleNames.sort(null);
        return new RuleSet(version(sorted), clock.instant(), List.copyOf(sorted.keySet()), ruleNames, kieBase);
    }

    /** The guard's verdict alone: what it refuses, without compiling anything. */
    public List<RuleError> check(Map<String, String> sources) {
        return guard.check(new TreeMap<>(sources)).errors();
    }

    private static RuleError toRuleError(KnowledgeBuilderError error) {
        String file = error.getResource() == null ? "(rules)" : error.getResource().getSourcePath();
        int[] lines = error.getLines();
        int line = lines == null || lines.length == 0 ? 0 : Math.max(0, lines[0]);
        return new RuleError(file, line, error.getMessage().strip());
    }

    /** A short content hash: the same files give the same version on every instance. */
    static String version(SortedMap<String, String> sources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> file : sources.entrySet()) {
                digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(file.getValue().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
