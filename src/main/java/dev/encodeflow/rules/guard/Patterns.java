package dev.encodeflow.rules.guard;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code matches} operator, held to patterns that cannot take exponential time: a literal
 * (never built from facts, which ingestion controls) without a repeated group that itself
 * repeats ({@code (a+)+}, {@code (a|aa)*}), the shape behind catastrophic backtracking.
 */
final class Patterns {

    /** A group with a quantifier or alternation inside, quantified from outside. */
    private static final Pattern NESTED = Pattern.compile("\\((?:[^()\\\\]|\\\\.)*[+*}|](?:[^()\\\\]|\\\\.)*\\)\\s*[+*{]");
    static final int MAX_LENGTH = 200;

    private Patterns() {
    }

    /** Refuses a right-hand side of {@code matches} that is not a safe literal pattern. */
    static void check(String rightSide) {
        String text = rightSide.strip();
        if (text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\"")) {
            throw new Refusal(1, "matches takes a literal pattern (\"loop-.*\"), not an expression");
        }
        String pattern = text.substring(1, text.length() - 1);
        if (pattern.length() > MAX_LENGTH) {
            throw new Refusal(1, "patterns of matches are limited to " + MAX_LENGTH + " characters");
        }
        if (NESTED.matcher(pattern).find()) {
            throw new Refusal(1, "the pattern " + text + " repeats a repeated group, which can take exponential "
                    + "time: write it without nested repetition");
        }
        try {
            Pattern.compile(pattern.replace("\\\\", "\\"));
        } catch (PatternSyntaxException e) {
            throw new Refusal(1, "not a valid pattern: " + e.getDescription());
        }
    }
}
