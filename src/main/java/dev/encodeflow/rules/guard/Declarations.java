package dev.encodeflow.rules.guard;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import java.lang.reflect.Type;
import java.util.Set;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;

/**
 * Checks a {@code declare}: a new fact type with fields of allowed types, literal defaults and no
 * annotations beyond {@code @key} and {@code @position} (the others tie facts to clocks and
 * streams, or change existing classes). Redeclaring an existing class is refused.
 */
final class Declarations {

    private static final Set<String> ANNOTATIONS = Set.of("key", "position");

    private Declarations() {
    }

    static void check(TypeDeclarationDescr declaration, TypeNames names, CodeParser parser) {
        String name = declaration.getTypeName();
        DeclaredType type = (DeclaredType) names.name(null, name);
        if (names.simple(name).isPresent()) {
            throw new Refusal(1, "declare " + name + ": a class of that name exists; declare a new name");
        }
        if (!declaration.getSuperTypes().isEmpty()) {
            throw new Refusal(1, "declare " + name + ": declared types may not extend others");
        }
        annotations(name, declaration.getAnnotations());
        for (TypeFieldDescr field : declaration.getFields().values()) {
            annotations(name + "." + field.getFieldName(), field.getAnnotations());
            Type fieldType = names.name(null, field.getPattern().getObjectType());
            if (field.getInitExpr() != null && !field.getInitExpr().isBlank()) {
                Expression initial = parser.expression(field.getInitExpr());
                boolean literal = initial instanceof LiteralExpr || initial instanceof UnaryExpr unary
                        && unary.getExpression() instanceof LiteralExpr;
                if (!literal) {
                    throw new Refusal(1, "declare " + name + ": the default of " + field.getFieldName()
                            + " must be a literal");
                }
            }
            type.field(field.getFieldName(), fieldType);
        }
    }

    private static void annotations(String where, java.util.Collection<AnnotationDescr> annotations) {
        for (AnnotationDescr annotation : annotations) {
            if (!ANNOTATIONS.contains(annotation.getName())) {
                throw new Refusal(1, where + ": annotation @" + annotation.getName() + " is not allowed (only @key "
                        + "and @position)");
            }
        }
    }
}
