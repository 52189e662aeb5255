package dev.encodeflow.rules.guard;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives every expression of a piece of rule code its type, resolving each name to a variable, a
 * property, an allowed class or a member of one: whatever does not resolve inside the allow-list
 * is refused. Constructs rules do not need (lambdas, anonymous or local classes, class literals,
 * array creation, {@code this} outside a constraint) are refused by kind.
 */
final class Expressions {

    /** A DRL function: what it takes and gives. */
    record Function(Type result, List<Type> parameters) {
    }

    /** What an expression denotes: a value of a type, a class (before {@code .member}), or part of a package name. */
    private record Value(Type type, Class<?> onClass, String pkg) {

        static Value of(Type type) {
            return new Value(type, null, null);
        }
    }

    /** Consequence calls Drools rewrites to {@code drools.X(fact)}: they change working memory, nothing else. */
    static final Set<String> MACROS = Set.of("insert", "insertLogical", "update", "delete", "retract");

    private final TypeNames names;
    private final Map<String, Function> functions;
    private final Set<String> called;

    Expressions(TypeNames names, Map<String, Function> functions, Set<String> called) {
        this.names = names;
        this.functions = functions;
        this.called = called;
    }

    TypeNames names() {
        return names;
    }

    /** The type of an expression (null for the null literal); refuses what rules may not do. */
    Type type(Expression expression, Scope scope) {
        Value value = value(expression, scope);
        if (value.type() == null && (value.onClass() != null || value.pkg() != null)) {
            throw new Refusal(expression, "'" + expression + "' is not a value");
        }
        return value.type();
    }

    private Value value(Expression e, Scope scope) {
        if (e instanceof LiteralExpr literal) {
            return Value.of(Literals.type(literal));
        }
        if (e instanceof EnclosedExpr enclosed) {
            return Value.of(type(enclosed.getInner(), scope));
        }
        if (e instanceof NameExpr name) {
            return name(name, name.getNameAsString(), scope);
        }
        if (e instanceof FieldAccessExpr access) {
            return field(access, value(access.getScope(), scope), access.getNameAsString(), scope);
        }
        if (e instanceof MethodCallExpr call) {
            return Value.of(call(call, scope));
        }
        if (e instanceof ObjectCreationExpr creation) {
            if (creation.getAnonymousClassBody().isPresent()) {
                throw new Refusal(e, "anonymous classes are not allowed in rules");
            }
            Type created = names.type(creation.getType());
            return Value.of(Members.construct(e, created, arguments(creation.getArguments(), scope)));
        }
        if (e instanceof BinaryExpr binary) {
            return Value.of(Literals.binary(binary, type(binary.getLeft(), scope), type(binary.getRight(), scope)));
        }
        if (e instanceof UnaryExpr unary) {
            Type operand = type(unary.getExpression(), scope);
            if (Set.of(UnaryExpr.Operator.PREFIX_INCREMENT, UnaryExpr.Operator.PREFIX_DECREMENT,
                    UnaryExpr.Operator.POSTFIX_INCREMENT, UnaryExpr.Operator.POSTFIX_DECREMENT)
                    .contains(unary.getOperator())) {
                assignable(unary.getExpression(), scope);
            }
            return Value.of(unary.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT ? boolean.class : operand);
        }
        if (e instanceof ConditionalExpr conditional) {
            type(conditional.getCondition(), scope);
            Type then = type(conditional.getThenExpr(), scope);
            Type otherwise = type(conditional.getElseExpr(), scope);
            return Value.of(then != null ? then : otherwise);
        }
        if (e instanceof CastExpr cast) {
            type(cast.getExpression(), scope);
            return Value.of(names.type(cast.getType()));
        }
        if (e instanceof InstanceOfExpr test) {
            type(test.getExpression(), scope);
            Type tested = names.type(test.getType());
            test.getPattern().ifPresent(p -> {
                if (p.isTypePatternExpr()) {
                    scope.declare(p.asTypePatternExpr().getNameAsString(), tested);
                } else {
                    throw new Refusal(p, "record patterns are not allowed in rules");
                }
            });
            return Value.of(boolean.class);
        }
        if (e instanceof ArrayAccessExpr access) {
            return Value.of(element(access, type(access.getName(), scope), type(access.getIndex(), scope), scope));
        }
        if (e instanceof AssignExpr assign) {
            Type target = assignable(assign.getTarget(), scope);
            Type assigned = type(assign.getValue(), scope);
            if (assign.getOperator() == AssignExpr.Operator.ASSIGN && !Types.assignable(assigned, target)) {
                throw new Refusal(e, "cannot assign a " + Types.name(assigned) + " to a " + Types.name(target));
            }
            return Value.of(target);
        }
        if (e instanceof VariableDeclarationExpr declaration) {
            Statements.declare(this, declaration, scope);
            return Value.of(void.class);
        }
        if (e instanceof ThisExpr && scope.matched() != null && scope.dialect() == Scope.Dialect.MVEL) {
            return Value.of(scope.matched());
        }
        throw new Refusal(e, Literals.kind(e) + " are not allowed in rules");
    }

    private Value name(Node at, String name, Scope scope) {
        Optional<Type> variable = scope.variable(name);
        if (variable.isPresent()) {
            return Value.of(variable.get());
        }
        if (scope.matched() != null) {
            Optional<Type> property = Members.property(at, scope.matched(), name);
            if (property.isPresent()) {
                return Value.of(property.get());
            }
        }
        Optional<Class<?>> type = names.simple(name);
        if (type.isPresent()) {
            return new Value(null, TypeNames.allowed(at, type.get()), null);
        }
        if (name.equals("drools") || name.equals("kcontext")) {
            throw new Refusal(at, name + " is not available to rules: use insert, update, delete and modify");
        }
        if (Character.isLowerCase(name.charAt(0))) {
            return new Value(null, null, name);
        }
        throw new Refusal(at, "unknown name " + name);
    }

    private Value field(Node at, Value owner, String name, Scope scope) {
        if (owner.pkg() != null) {
            String qualified = owner.pkg() + "." + name;
            Optional<Class<?>> type = names.qualified(qualified);
            return type.isPresent() ? new Value(null, TypeNames.allowed(at, type.get()), null)
                    : new Value(null, null, qualified);
        }
        if (owner.onClass() != null) {
            Optional<Type> constant = Members.constant(at, owner.onClass(), name);
            if (constant.isPresent()) {
                return Value.of(constant.get());
            }
            return new Value(null, TypeNames.allowed(at, names.nested(owner.onClass(), name)
                    .orElseThrow(() -> new Refusal(at, "no " + name + " on " + owner.onClass().getSimpleName()))), null);
        }
        if (owner.type() == null) {
            throw new Refusal(at, "nothing to read " + name + " from");
        }
        if (Types.raw(owner.type()).isArray() && name.equals("length")) {
            return Value.of(int.class);
        }
        if (scope.dialect() == Scope.Dialect.MVEL) {
            return Value.of(Members.property(at, owner.type(), name).orElseThrow(() ->
                    new Refusal(at, "no property " + name + " on " + Types.name(owner.type()))));
        }
        throw new Refusal(at, "fields cannot be read in rule code: call a getter (" + name + " on "
                + Types.name(owner.type()) + ")");
    }

    private Type call(MethodCallExpr call, Scope scope) {
        call.getTypeArguments().ifPresent(args -> args.forEach(names::type));
        List<Type> args = arguments(call.getArguments(), scope);
        String name = call.getNameAsString();
        if (call.getScope().isEmpty()) {
            if (functions.containsKey(name)) {
                called.add(name);
                return functions.get(name).result();
            }
            if (scope.dialect() == Scope.Dialect.JAVA && MACROS.contains(name) && args.size() == 1) {
                return void.class;
            }
            if (scope.matched() != null) {
                return Members.call(call, scope.matched(), false, name, args);
            }
            throw new Refusal(call, "unknown function " + name);
        }
        Value receiver = value(call.getScope().get(), scope);
        if (receiver.onClass() != null) {
            return Members.call(call, receiver.onClass(), true, name, args);
        }
        if (receiver.type() == null) {
            throw new Refusal(call, "unknown name " + (receiver.pkg() != null ? receiver.pkg() : call.getScope().get()));
        }
        return Members.call(call, receiver.type(), false, name, args);
    }

    private List<Type> arguments(List<Expression> expressions, Scope scope) {
        List<Type> types = new ArrayList<>();
        for (Expression argument : expressions) {
            types.add(type(argument, scope));
        }
        return types;
    }

    private Type element(Node at, Type container, Type index, Scope scope) {
        Class<?> raw = Types.raw(container);
        if (raw.isArray()) {
            return raw.getComponentType();
        }
        if (scope.dialect() == Scope.Dialect.MVEL && java.util.List.class.isAssignableFrom(raw)) {
            return Types.bindings(container).getOrDefault(java.util.List.class.getTypeParameters()[0], Object.class);
        }
        if (scope.dialect() == Scope.Dialect.MVEL && java.util.Map.class.isAssignableFrom(raw)) {
            return Types.bindings(container).getOrDefault(java.util.Map.class.getTypeParameters()[1], Object.class);
        }
        throw new Refusal(at, "cannot index a " + Types.name(container));
    }

    /** Only local variables of the code itself may be assigned: facts change through their setters. */
    private Type assignable(Expression target, Scope scope) {
        if (scope.dialect() == Scope.Dialect.JAVA && target instanceof NameExpr name
                && scope.declaredHere(name.getNameAsString())) {
            return scope.variable(name.getNameAsString()).orElseThrow();
        }
        throw new Refusal(target, "only local variables can be assigned in rules (change facts through modify "
                + "and their setters)");
    }
}
