package dev.encodeflow.rules.guard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CommonTokenStream;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaBlockDescr;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaContainerBlockDescr;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaLexer;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaModifyBlockDescr;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaParser;

/**
 * Turns a consequence into plain Java for the checker, finding its DRL-only blocks with Drools'
 * own Java parser (the one its consequence builder uses), so that the guard sees the statements
 * the compiler will generate: {@code modify( $r ) { setState( X ), fail( "y" ) }} becomes
 * {@code ($r).setState( X ); ($r).fail( "y" );}. Line breaks are kept, so lines still count.
 * Entry points, exit points and channels are refused: rules reach nothing outside their session.
 */
final class ConsequenceRewriter {

    private ConsequenceRewriter() {
    }

    /** The consequence as Java, or a refusal message (first line of the text = line 1). */
    static String rewrite(String consequence) {
        String code = consequence + "\n";
        JavaParser parser = new JavaParser(new CommonTokenStream(new JavaLexer(new ANTLRStringStream("{" + code + "}"))));
        try {
            parser.block();
        } catch (Exception | StackOverflowError e) {
            throw new IllegalArgumentException("the consequence cannot be parsed: " + e.getMessage());
        }
        List<JavaBlockDescr> blocks = new ArrayList<>();
        leaves(parser.getRootBlockDescr(), blocks);
        blocks.sort(Comparator.comparingInt(JavaBlockDescr::getStart));
        StringBuilder out = new StringBuilder();
        int last = 0;
        for (JavaBlockDescr block : blocks) {
            // Offsets are into "{" + code + "}": the block is code[start - 1, end).
            int start = block.getStart() - 1;
            int end = block.getEnd();
            if (start < last || end <= start || end > code.length()) {
                continue;
            }
            switch (block.getType()) {
                case MODIFY -> {
                    out.append(code, last, start);
                    JavaModifyBlockDescr modify = (JavaModifyBlockDescr) block;
                    String target = "(" + modify.getTargetExpression() + ")";
                    for (String expression : modify.getExpressions()) {
                        out.append(target).append('.').append(expression.strip()).append("; ");
                    }
                    out.append("\n".repeat(newlines(code.substring(start, end))));
                    last = end;
                }
                case ENTRY, EXIT, CHANNEL -> throw new IllegalArgumentException(
                        "entry points, exit points and channels are not available to rules");
                default -> {
                    // insert / update / delete / retract: plain calls the checker knows.
                }
            }
        }
        out.append(code.substring(last));
        return out.toString();
    }

    private static void leaves(JavaContainerBlockDescr container, List<JavaBlockDescr> out) {
        for (JavaBlockDescr block : container.getJavaBlockDescrs()) {
            if (block instanceof JavaContainerBlockDescr inner) {
                leaves(inner, out);
            } else {
                out.add(block);
            }
        }
    }

    private static int newlines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }
}
