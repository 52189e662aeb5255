package dev.encodeflow.rules.guard;

import dev.encodeflow.rules.Emit;
import dev.encodeflow.rules.RuleError;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.ParserError;
import org.kie.internal.builder.conf.LanguageLevelOption;

/**
 * The first of the two walls around rule code (the second is the sandbox that compiles and runs
 * candidates): a check of the parsed rule base. Drools' own DRL parser takes each file apart, the
 * pieces of code in it (constraints, consequences, functions, eval, from, accumulate) are parsed
 * by JavaParser, and every name in them is resolved against the real classes: only the fact
 * model, {@code emit} and the short list in {@link AllowList} resolve. The descriptions checked
 * here are the ones compiled ({@link Result#packages()}), so no second reading of the text can
 * differ from what was checked.
 */
public final class RuleGuard {

    public static final int MAX_FILE_CHARS = 256 * 1024;
    static final int MAX_NESTING = 100;
    private static final Pattern PACKAGE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final List<String> RESERVED_PACKAGES = List.of("java", "javax", "jdk", "sun", "com.sun",
            "dev.encodeflow", "org.drools", "org.kie", "org.mvel2", "io.quarkus");
    private static final List<String> IMPORTABLE_PACKAGES = List.of(AllowList.MODEL_PACKAGE, "java.lang",
            "java.util", "java.time", "java.math");

    /** The verdict: every error found, and the parsed packages to compile when there are none. */
    public record Result(List<RuleError> errors, Map<String, PackageDescr> packages) {

        public boolean passed() {
            return errors.isEmpty();
        }
    }

    private final ClassLoader loader;

    public RuleGuard(ClassLoader loader) {
        this.loader = loader;
    }

    /** Checks DRL files given by name. */
    public Result check(SortedMap<String, String> files) {
        List<RuleError> errors = new ArrayList<>();
        Map<String, PackageDescr> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            PackageDescr pkg = parse(file.getKey(), file.getValue(), errors);
            if (pkg != null) {
                parsed.put(file.getKey(), pkg);
            }
        }
        Map<String, Map<String, DeclaredType>> declared = new HashMap<>();
        for (PackageDescr pkg : parsed.values()) {
            Map<String, DeclaredType> types = declared.computeIfAbsent(String.valueOf(pkg.getName()), p -> new TreeMap<>());
            pkg.getTypeDeclarations().forEach(d -> types.putIfAbsent(d.getTypeName(), new DeclaredType(d.getTypeName())));
        }
        List<FileCheck> checks = new ArrayList<>();
        for (Map.Entry<String, PackageDescr> file : parsed.entrySet()) {
            checks.add(new FileCheck(file.getKey(), files.get(file.getKey()), file.getValue(),
                    declared.get(String.valueOf(file.getValue().getName())), loader, errors));
        }
        Map<String, Map<String, Expressions.Function>> functions = new HashMap<>();
        Map<String, Map<String, Set<String>>> calls = new HashMap<>();
        Map<String, RuleError> declaredAt = new HashMap<>();
        for (FileCheck check : checks) {
            check.declarations();
            check.signatures(functions.computeIfAbsent(check.packageName(), p -> new TreeMap<>()));
        }
        for (FileCheck check : checks) {
            String pkg = check.packageName();
            check.check(functions.get(pkg), calls.computeIfAbsent(pkg, p -> new TreeMap<>()));
            check.pkg.getFunctions().forEach(f -> declaredAt.put(pkg + "." + f.getName(),
                    new RuleError(check.file, Math.max(1, f.getLine()), "")));
        }
        calls.forEach((pkg, graph) -> Recursion.find(graph).ifPresent(cycle -> {
            RuleError at = declaredAt.get(pkg + "." + cycle.substring(0, cycle.indexOf(' ')));
            errors.add(new RuleError(at.file(), at.line(), "functions may not call themselves, directly or through "
                    + "others (" + cycle + "): every evaluation must end"));
        }));
        return new Result(List.copyOf(errors), errors.isEmpty() ? parsed : Map.of());
    }

    private PackageDescr parse(String file, String drl, List<RuleError> errors) {
        if (drl.length() > MAX_FILE_CHARS) {
            errors.add(new RuleError(file, 0, "larger than " + MAX_FILE_CHARS / 1024 + " KB"));
            return null;
        }
        int escape = drl.indexOf("\\u");
        if (escape >= 0) {
            errors.add(new RuleError(file, lineAt(drl, escape), "unicode escapes (\\u) are not allowed in rule files: "
                    + "the compiler reads them before comments and strings, so they can hide code"));
            return null;
        }
        int deepest = Nesting.deepest(drl, MAX_NESTING);
        if (deepest >= 0) {
            errors.add(new RuleError(file, lineAt(drl, deepest), "brackets nested deeper than " + MAX_NESTING));
            return null;
        }
        DrlParser parser = new DrlParser(LanguageLevelOption.DRL6);
        PackageDescr pkg;
        try {
            pkg = parser.parse(org.kie.internal.io.ResourceFactory.newReaderResource(new StringReader(drl))
                    .setSourcePath(file), new StringReader(drl));
        } catch (Exception | StackOverflowError e) {
            errors.add(new RuleError(file, 0, "cannot be parsed: " + e.getMessage()));
            return null;
        }
        if (parser.hasErrors() || pkg == null) {
            for (DroolsError error : parser.getErrors()) {
                int line = error instanceof ParserError p ? p.getRow() : 0;
                errors.add(new RuleError(file, Math.max(0, line), error.getMessage()));
            }
            if (parser.getErrors().isEmpty()) {
                errors.add(new RuleError(file, 0, "cannot be parsed"));
            }
            return null;
        }
        return pkg;
    }

    static int lineAt(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The checks of one parsed file. */
    static final class FileCheck {

        private final String file;
        private final String drl;
        private final PackageDescr pkg;
        private final List<RuleError> errors;
        private final TypeNames names;
        private final CodeParser parser = new CodeParser();

        FileCheck(String file, String drl, PackageDescr pkg, Map<String, DeclaredType> declared, ClassLoader loader,
                List<RuleError> errors) {
            this.file = file;
            this.drl = drl;
            this.pkg = pkg;
            this.errors = errors;
            this.names = new TypeNames(packageName(), pkg.getImports().stream().map(ImportDescr::getTarget).toList(),
                    declared, loader);
        }

        String packageName() {
            return pkg.getName() == null ? "" : pkg.getName();
        }

        /** The file's declared types: plain fields of allowed types, nothing that runs code. */
        void declarations() {
            for (TypeDeclarationDescr declaration : pkg.getTypeDeclarations()) {
                guarded(declaration, 1, () -> Declarations.check(declaration, names, parser));
            }
        }

        /** Records the file's function signatures; a refused type is reported when the function is checked. */
        void signatures(Map<String, Expressions.Function> functions) {
            for (FunctionDescr function : pkg.getFunctions()) {
                try {
                    var method = parser.method(source(function));
                    List<Type> parameters = new ArrayList<>();
                    method.getParameters().forEach(p -> parameters.add(names.type(p.getType())));
                    functions.put(function.getName(), new Expressions.Function(names.type(method.getType()), parameters));
                } catch (Refusal refused) {
                    // reported by check()
                }
            }
        }

        private static String source(FunctionDescr function) {
            String body = function.getBody() == null ? "" : function.getBody();
            return function.getReturnType() + " " + function.getName() + "(" + String.join(", ", parameters(function))
                    + ") {" + body + "}";
        }

        void check(Map<String, Expressions.Function> functions, Map<String, Set<String>> calls) {
            packageLevel();
            Scope globals = Scope.java();
            for (GlobalDescr global : pkg.getGlobals()) {
                guarded(global, 1, () -> {
                    if (names.name(null, global.getType()) != Emit.class) {
                        throw new Refusal(1, "global of type " + global.getType() + " is not allowed: rules "
                                + "output through dev.encodeflow.rules.Emit");
                    }
                    globals.declare(global.getIdentifier(), Emit.class);
                });
            }
            for (FunctionDescr function : pkg.getFunctions()) {
                java.util.Set<String> called = new java.util.TreeSet<>();
                calls.put(function.getName(), called);
                Expressions expressions = new Expressions(names, functions, called);
                guarded(function, 1, () -> Statements.function(expressions, parser.method(source(function)), Scope.java()));
            }
            for (RuleDescr rule : pkg.getRules()) {
                new RuleCheck(this, rule, new Expressions(names, functions, new java.util.TreeSet<>()), globals).check();
            }
        }

        private void packageLevel() {
            String name = pkg.getName() == null ? "" : pkg.getName();
            if (!PACKAGE.matcher(name).matches()) {
                error(pkg, 1, "the package must be a lowercase dotted name (package encodeflow.workflow;)");
            } else if (RESERVED_PACKAGES.stream().anyMatch(r -> name.equals(r) || name.startsWith(r + "."))) {
                error(pkg, 1, "package " + name + " belongs to Java or to the service: rules compile into their "
                        + "package, so choose your own");
            }
            for (AttributeDescr attribute : pkg.getAttributes()) {
                if (!(attribute.getName().equals("dialect") && "java".equals(attribute.getValue()))) {
                    error(attribute, 1, "package attribute " + attribute.getName() + " " + attribute.getValue()
                            + " is not allowed (the MVEL dialect is refused: rules are checked as Java)");
                }
            }
            for (ImportDescr imported : pkg.getImports()) {
                guarded(imported, 1, () -> importTarget(imported.getTarget()));
            }
            pkg.getFunctionImports().forEach(i -> error(i, 1, "static and function imports are not allowed: "
                    + "write the class name (Math.max(a, b))"));
            pkg.getAccumulateImports().forEach(i -> error(i, 1, "custom accumulate functions are not allowed"));
            pkg.getEnumDeclarations().forEach(d -> error(d, 1, "declared enums are not allowed"));
            pkg.getWindowDeclarations().forEach(d -> error(d, 1, "windows are not allowed"));
            pkg.getEntryPointDeclarations().forEach(d -> error(d, 1, "entry points are not allowed"));
        }

        private void importTarget(String target) {
            if (target.endsWith(".*")) {
                String imported = target.substring(0, target.length() - 2);
                if (!IMPORTABLE_PACKAGES.contains(imported)) {
                    throw new Refusal(1, "import of " + target + " is not allowed: rules may import "
                            + String.join(", ", IMPORTABLE_PACKAGES));
                }
                return;
            }
            Class<?> type = names.qualified(target).orElseThrow(() -> new Refusal(1, "unknown class " + target));
            TypeNames.allowed(null, type);
        }

        private static List<String> parameters(FunctionDescr function) {
            List<String> parameters = new ArrayList<>();
            for (int i = 0; i < function.getParameterNames().size(); i++) {
                parameters.add(function.getParameterTypes().get(i) + " " + function.getParameterNames().get(i));
            }
            return parameters;
        }

        /** Runs a check of a piece that starts at {@code line} of the descr; a refusal becomes an error. */
        void guarded(BaseDescr at, int line, Runnable check) {
            guardedAt(Math.max(1, at.getLine()) + line - 1, check);
        }

        void guardedAt(int firstLine, Runnable check) {
            try {
                check.run();
            } catch (Refusal refusal) {
                errors.add(new RuleError(file, firstLine + refusal.line() - 1, refusal.getMessage()));
            } catch (IllegalArgumentException e) {
                errors.add(new RuleError(file, firstLine, e.getMessage()));
            }
        }

        void error(BaseDescr at, int line, String message) {
            errors.add(new RuleError(file, Math.max(1, at.getLine()) + line - 1, message));
        }

        CodeParser parser() {
            return parser;
        }

        TypeNames names() {
            return names;
        }

        /** The line where {@code fragment} (verbatim source) starts, searching from {@code fromLine}. */
        int lineOf(String fragment, int fromLine) {
            int from = 0;
            for (int line = 1; line < fromLine && from >= 0; line++) {
                from = drl.indexOf('\n', from) + 1;
            }
            int at = fragment == null ? -1 : drl.indexOf(fragment.strip(), Math.max(0, from));
            return at < 0 ? Math.max(1, fromLine) : lineAt(drl, at);
        }
    }
}
