package dev.encodeflow.rules.guard;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.stmt.BlockStmt;
import java.util.function.Function;

/**
 * JavaParser, set up as the compiler reads code: Java 17, unicode escapes translated (a
 * {@code \\u000a} in a comment is a line break to javac and ECJ; the guard refuses them anyway).
 * Code that does not parse as plain Java (MVEL-only syntax included) is refused.
 */
final class CodeParser {

    private final JavaParser parser = new JavaParser(new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
            .setPreprocessUnicodeEscapes(true)
            .setAttributeComments(false)
            .setStoreTokens(false));

    Expression expression(String text) {
        return parse(text, parser::parseExpression, "an expression");
    }

    BlockStmt block(String text) {
        return parse("{" + text + "\n}", parser::parseBlock, "Java statements");
    }

    MethodDeclaration method(String signatureAndBody) {
        return parse(signatureAndBody, parser::parseMethodDeclaration, "a function");
    }

    private static <T extends Node> T parse(String text, Function<String, ParseResult<T>> how, String what) {
        ParseResult<T> result;
        try {
            result = how.apply(text);
        } catch (RuntimeException | StackOverflowError e) {
            throw new Refusal(null, "cannot be read as " + what);
        }
        if (!result.isSuccessful() || result.getResult().isEmpty()) {
            String problem = result.getProblems().stream().findFirst().map(Problem::getMessage).orElse("");
            int line = result.getProblems().stream().findFirst().flatMap(Problem::getLocation)
                    .flatMap(l -> l.getBegin().getRange()).map(r -> r.begin.line).orElse(1);
            throw new Refusal(line, "is not plain Java (" + what + "): " + firstLine(problem));
        }
        return result.getResult().get();
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
