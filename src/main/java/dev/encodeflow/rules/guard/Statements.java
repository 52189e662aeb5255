package dev.encodeflow.rules.guard;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.lang.reflect.Type;

/**
 * Checks statements of consequences and functions. Loops are for-each only: a rule walks a
 * collection it was given and so always ends (while, do and counting for loops are refused, and
 * functions may not recurse), which keeps the firing limit a real bound on an evaluation.
 * Exceptions, synchronization, labels, local classes and switches are refused too: rules have no
 * use for them.
 */
final class Statements {

    private Statements() {
    }

    static void block(Expressions expressions, BlockStmt block, Scope scope) {
        Scope inner = scope.child();
        for (Statement statement : block.getStatements()) {
            statement(expressions, statement, inner);
        }
    }

    static void statement(Expressions expressions, Statement statement, Scope scope) {
        if (statement instanceof BlockStmt block) {
            block(expressions, block, scope);
        } else if (statement instanceof ExpressionStmt expression) {
            expressions.type(expression.getExpression(), scope);
        } else if (statement instanceof IfStmt test) {
            expressions.type(test.getCondition(), scope);
            statement(expressions, test.getThenStmt(), scope.child());
            test.getElseStmt().ifPresent(otherwise -> statement(expressions, otherwise, scope.child()));
        } else if (statement instanceof ForEachStmt loop) {
            Type iterable = expressions.type(loop.getIterable(), scope);
            Type element = iterable == null ? null : Types.elementOf(iterable);
            if (element == null) {
                throw new Refusal(loop.getIterable(), "for-each needs a collection or an array, not a "
                        + Types.name(iterable));
            }
            Scope body = scope.child();
            VariableDeclarator variable = loop.getVariable().getVariables().get(0);
            Type declared = expressions.names().type(variable.getType());
            body.declare(variable.getNameAsString(), declared == null ? element : declared);
            statement(expressions, loop.getBody(), body);
        } else if (statement instanceof ReturnStmt result) {
            result.getExpression().ifPresent(value -> expressions.type(value, scope));
        } else if (statement instanceof BreakStmt brk && brk.getLabel().isEmpty()
                || statement instanceof ContinueStmt cont && cont.getLabel().isEmpty()
                || statement instanceof EmptyStmt) {
            return;
        } else if (statement instanceof WhileStmt || statement instanceof DoStmt || statement instanceof ForStmt) {
            throw new Refusal(statement, "only for-each loops are allowed in rules (for (Chunk c : chunks)): "
                    + "every evaluation must end");
        } else {
            throw new Refusal(statement, describe(statement) + " are not allowed in rules");
        }
    }

    /** A local variable declaration: its type must be allowed, its initializer is checked. */
    static void declare(Expressions expressions, VariableDeclarationExpr declaration, Scope scope) {
        for (VariableDeclarator variable : declaration.getVariables()) {
            Type declared = expressions.names().type(variable.getType());
            Type initial = variable.getInitializer().map(value -> expressions.type(value, scope)).orElse(null);
            if (declared == null && initial == null) {
                throw new Refusal(variable, "var needs a value");
            }
            scope.declare(variable.getNameAsString(), declared != null ? declared : initial);
        }
    }

    /** A DRL function: parameter and result types allowed, body checked with the parameters in scope. */
    static void function(Expressions expressions, MethodDeclaration method, Scope globals) {
        Scope scope = globals.child();
        expressions.names().type(method.getType());
        for (Parameter parameter : method.getParameters()) {
            if (parameter.isVarArgs()) {
                throw new Refusal(parameter, "variable arity functions are not allowed in rules");
            }
            scope.declare(parameter.getNameAsString(), expressions.names().type(parameter.getType()));
        }
        method.getBody().ifPresent(body -> block(expressions, body, scope));
    }

    private static String describe(Node statement) {
        String name = statement.getClass().getSimpleName().replace("Stmt", "");
        return switch (name) {
            case "Try" -> "try and catch";
            case "Throw" -> "throw statements";
            case "Synchronized" -> "synchronized blocks";
            case "LocalClassDeclaration", "LocalRecordDeclaration" -> "local classes";
            case "Labeled" -> "labels";
            case "Switch" -> "switch statements";
            default -> name.toLowerCase(java.util.Locale.ROOT) + " statements";
        };
    }
}
