package dev.encodeflow.rules.guard;

import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.SwitchExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import java.lang.reflect.Type;
import java.util.List;

/** Types of literals and operators, and how to name a refused construct. */
final class Literals {

    private static final List<Class<?>> WIDENING = List.of(byte.class, short.class, char.class, int.class,
            long.class, float.class, double.class);

    private Literals() {
    }

    static Type type(LiteralExpr literal) {
        if (literal instanceof NullLiteralExpr) {
            return null;
        }
        if (literal.isBooleanLiteralExpr()) {
            return boolean.class;
        }
        if (literal instanceof CharLiteralExpr) {
            return char.class;
        }
        if (literal instanceof IntegerLiteralExpr) {
            return int.class;
        }
        if (literal instanceof LongLiteralExpr) {
            return long.class;
        }
        if (literal instanceof DoubleLiteralExpr d) {
            String text = d.getValue();
            return text.endsWith("f") || text.endsWith("F") ? float.class : double.class;
        }
        return String.class;
    }

    /** The type of {@code left op right}: comparisons and logic give boolean, + with a string a string. */
    static Type binary(BinaryExpr binary, Type left, Type right) {
        switch (binary.getOperator()) {
            case OR, AND, EQUALS, NOT_EQUALS, LESS, GREATER, LESS_EQUALS, GREATER_EQUALS:
                return boolean.class;
            default:
                break;
        }
        if (binary.getOperator() == BinaryExpr.Operator.PLUS && (isString(left) || isString(right))) {
            return String.class;
        }
        Class<?> a = unboxed(left);
        Class<?> b = unboxed(right);
        if (a == boolean.class && b == boolean.class) {
            return boolean.class;
        }
        int widest = Math.max(Math.max(WIDENING.indexOf(a), WIDENING.indexOf(b)), WIDENING.indexOf(int.class));
        return WIDENING.get(widest);
    }

    private static boolean isString(Type type) {
        return type != null && Types.raw(type) == String.class;
    }

    private static Class<?> unboxed(Type type) {
        if (type == null) {
            return Object.class;
        }
        Class<?> raw = Types.raw(type);
        for (Class<?> primitive : WIDENING) {
            if (Types.box(primitive) == raw) {
                return primitive;
            }
        }
        return raw == Boolean.class ? boolean.class : raw;
    }

    /** "lambdas", "class literals", ...: for the message that refuses one. */
    static String kind(Expression e) {
        if (e instanceof LambdaExpr) {
            return "lambdas";
        }
        if (e instanceof MethodReferenceExpr) {
            return "method references";
        }
        if (e instanceof ClassExpr) {
            return "class literals (X.class)";
        }
        if (e instanceof ArrayCreationExpr || e instanceof ArrayInitializerExpr) {
            return "new arrays";
        }
        if (e instanceof ThisExpr || e instanceof SuperExpr) {
            return "this and super";
        }
        if (e instanceof SwitchExpr) {
            return "switch expressions";
        }
        return e.getClass().getSimpleName().replace("Expr", " expressions");
    }
}
