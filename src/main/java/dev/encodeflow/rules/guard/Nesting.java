package dev.encodeflow.rules.guard;

/**
 * Refuses deeply nested brackets before any parser sees them: the parsers recurse per level, and a
 * file of ten thousand parentheses would otherwise overflow the stack of the thread checking it.
 */
final class Nesting {

    private Nesting() {
    }

    /** The offset where nesting first exceeds {@code max}, or -1 when it never does. */
    static int deepest(String text, int max) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                if (++depth > max) {
                    return i;
                }
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            }
        }
        return -1;
    }
}
