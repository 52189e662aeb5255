package dev.encodeflow.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps rule files to the vocabulary rules need. DRL compiles to Java, and modern JDKs have no
 * sandbox (the SecurityManager is gone), so a rule could call anything on the class path: exit
 * the JVM, read files, open sockets. This check refuses, with file and line, imports outside an
 * allow-list (the fact model, {@code java.util}, {@code java.lang} basics), fully qualified
 * references to other packages, the dangerous {@code java.lang} classes by name and globals of
 * other types than {@link Emit}. It is a guard against mistakes and casual misuse, not a
 * sandbox: rule files remain trusted code, and write access to the rules folder must be treated
 * like write access to the service.
 */
public final class RuleSafety {

    static final List<String> ALLOWED_PACKAGES = List.of("dev.encodeflow.model", "java.util", "java.lang",
            "java.time", "java.math");
    static final Set<String> FORBIDDEN_NAMES = Set.of("System", "Runtime", "Thread", "ThreadGroup", "Process",
            "ProcessBuilder", "ProcessHandle", "ClassLoader", "Class", "Compiler", "SecurityManager", "StackWalker",
            "Module", "ModuleLayer", "InheritableThreadLocal", "ThreadLocal", "getClass", "forName",
            "newInstance", "getDeclaredMethod", "getMethod", "invoke", "setAccessible");
    static final Set<String> ALLOWED_GLOBAL_TYPES = Set.of("dev.encodeflow.rules.Emit");

    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:function\\s+|static\\s+)?([\\w.$*]+)");
    private static final Pattern GLOBAL = Pattern.compile("^\\s*global\\s+([\\w.$<>]+)\\s+\\w+");
    private static final Pattern QUALIFIED = Pattern.compile("\\b((?:[a-z_][a-z0-9_]*\\.)+)[A-Za-z_$]");
    private static final Pattern WORD = Pattern.compile("\\b[A-Za-z_$][\\w$]*\\b");

    private RuleSafety() {
    }

    /** Every line of the file that uses something outside the allow-list. */
    public static List<RuleError> check(String file, String drl) {
        List<RuleError> errors = new ArrayList<>();
        String[] lines = withoutCommentsAndStrings(drl).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            Matcher imported = IMPORT.matcher(line);
            if (imported.find()) {
                String name = imported.group(1);
                if (!allowedPackage(name)) {
                    errors.add(new RuleError(file, number, "import of " + name + " is not allowed: rules may use "
                            + String.join(", ", ALLOWED_PACKAGES)));
                }
                continue;
            }
            if (line.strip().startsWith("package ")) {
                continue;
            }
            Matcher global = GLOBAL.matcher(line);
            if (global.find()) {
                if (!ALLOWED_GLOBAL_TYPES.contains(global.group(1))) {
                    errors.add(new RuleError(file, number, "global of type " + global.group(1)
                            + " is not allowed: rules output through dev.encodeflow.rules.Emit"));
                }
                continue;
            }
            Matcher qualified = QUALIFIED.matcher(line);
            while (qualified.find()) {
                String pkg = qualified.group(1).substring(0, qualified.group(1).length() - 1);
                if (looksLikePackage(pkg) && !allowedPackage(pkg + ".X")) {
                    errors.add(new RuleError(file, number, "use of " + pkg + " is not allowed: rules may use "
                            + String.join(", ", ALLOWED_PACKAGES)));
                }
            }
            Matcher word = WORD.matcher(line);
            while (word.find()) {
                if (FORBIDDEN_NAMES.contains(word.group())) {
                    errors.add(new RuleError(file, number, "use of " + word.group()
                            + " is not allowed in rules (no process, thread, class-loading or reflection access)"));
                }
            }
        }
        return errors;
    }

    private static boolean allowedPackage(String name) {
        for (String allowed : ALLOWED_PACKAGES) {
            if (name.startsWith(allowed + ".")) {
                String rest = name.substring(allowed.length() + 1);
                // java.util.X is fine, java.util.concurrent.X is another package.
                if (!rest.contains(".") || allowed.equals("dev.encodeflow.model")) {
                    String simple = rest.contains(".") ? rest.substring(rest.lastIndexOf('.') + 1) : rest;
                    return !FORBIDDEN_NAMES.contains(simple);
                }
            }
        }
        return false;
    }

    /** "java.io" is a package; "$asset.getName" and "drools.getRule" are not. */
    private static boolean looksLikePackage(String name) {
        String first = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        return Set.of("java", "javax", "jdk", "sun", "com", "org", "net", "io", "dev").contains(first);
    }

    /** The text with comments and string literals blanked out (line breaks kept, so lines still count). */
    static String withoutCommentsAndStrings(String drl) {
        StringBuilder out = new StringBuilder(drl.length());
        int i = 0;
        while (i < drl.length()) {
            char c = drl.charAt(i);
            if (c == '/' && i + 1 < drl.length() && drl.charAt(i + 1) == '/') {
                while (i < drl.length() && drl.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < drl.length() && drl.charAt(i + 1) == '*') {
                i += 2;
                while (i < drl.length() && !(drl.charAt(i) == '*' && i + 1 < drl.length() && drl.charAt(i + 1) == '/')) {
                    out.append(drl.charAt(i) == '\n' ? '\n' : ' ');
                    i++;
                }
                i += 2;
            } else if (c == '"' || c == '\'') {
                out.append(c);
                i++;
                while (i < drl.length() && drl.charAt(i) != c && drl.charAt(i) != '\n') {
                    if (drl.charAt(i) == '\\') {
                        i++;
                    }
                    i++;
                }
                out.append(c);
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
