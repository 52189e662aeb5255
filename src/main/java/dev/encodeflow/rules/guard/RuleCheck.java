package dev.encodeflow.rules.guard;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.kie.internal.builder.conf.LanguageLevelOption;

/**
 * The checks of one rule: its attributes, every pattern and constraint of its conditions (read as
 * MVEL reads them, against the fact each pattern matches), and its consequence (Java).
 */
final class RuleCheck {

    private static final Set<String> OPERATORS = Set.of("==", "!=", "<", ">", "<=", ">=", "contains", "excludes",
            "memberOf", "str");
    private static final Set<String> FLAG_ATTRIBUTES = Set.of("no-loop", "lock-on-active", "auto-focus");
    private static final Set<String> NAME_ATTRIBUTES = Set.of("agenda-group", "activation-group", "ruleflow-group");
    private static final Map<String, Type> ACCUMULATE_FUNCTIONS = Map.of("count", Long.class, "sum", Number.class,
            "average", Number.class, "min", Number.class, "max", Number.class, "collectList", List.class,
            "collectSet", Set.class);

    private final RuleGuard.FileCheck file;
    private final RuleDescr rule;
    private final Expressions expressions;
    private final Scope scope;

    RuleCheck(RuleGuard.FileCheck file, RuleDescr rule, Expressions expressions, Scope globals) {
        this.file = file;
        this.rule = rule;
        this.expressions = expressions;
        this.scope = globals.child();
    }

    void check() {
        if (rule.isQuery()) {
            file.error(rule, 1, "queries are not allowed: the service never runs them");
            return;
        }
        if (!rule.getNamedConsequences().isEmpty()) {
            file.error(rule, 1, "named consequences are not allowed");
        }
        lhs(rule.getLhs(), scope);
        attributes();
        consequence();
    }

    private void attributes() {
        for (AttributeDescr attribute : rule.getAttributes().values()) {
            String name = attribute.getName();
            String value = attribute.getValue() == null ? "" : attribute.getValue().strip();
            if (name.equals("dialect") && value.equals("java")
                    || FLAG_ATTRIBUTES.contains(name) && (value.isEmpty() || value.equals("true") || value.equals("false"))
                    || NAME_ATTRIBUTES.contains(name)
                    || name.equals("enabled") && (value.equals("true") || value.equals("false"))) {
                continue;
            }
            if (name.equals("salience")) {
                file.guarded(attribute, 1, () -> expressions.type(file.parser().expression(value), scope.as(Scope.Dialect.MVEL, null)));
                continue;
            }
            file.error(attribute, 1, "rule attribute " + name + (value.isEmpty() ? "" : " " + value)
                    + " is not allowed" + (name.equals("dialect") ? " (the MVEL dialect is refused: rules are checked as Java)"
                    : " (timers, calendars and dates make rules depend on the clock)"));
        }
    }

    private void consequence() {
        Object body = rule.getConsequence();
        if (!(body instanceof String text) || text.isBlank()) {
            return;
        }
        int line = file.lineOf(text, Math.max(1, rule.getConsequenceLine()));
        file.guardedAt(line, () -> Statements.block(expressions,
                file.parser().block(ConsequenceRewriter.rewrite(text)), scope.as(Scope.Dialect.JAVA, null)));
    }

    private void lhs(BaseDescr descr, Scope current) {
        if (descr instanceof AndDescr and) {
            and.getDescrs().forEach(d -> lhs(d, current));
        } else if (descr instanceof OrDescr or) {
            or.getDescrs().forEach(d -> lhs(d, current));
        } else if (descr instanceof NotDescr not) {
            not.getDescrs().forEach(d -> lhs((BaseDescr) d, current.child()));
        } else if (descr instanceof ExistsDescr exists) {
            exists.getDescrs().forEach(d -> lhs((BaseDescr) d, current.child()));
        } else if (descr instanceof ForallDescr forall) {
            Scope inner = current.child();
            forall.getDescrs().forEach(d -> lhs(d, inner));
        } else if (descr instanceof EvalDescr eval) {
            String text = String.valueOf(eval.getContent());
            file.guarded(eval, 1, () -> expressions.type(file.parser().expression(text), current.as(Scope.Dialect.JAVA, null)));
        } else if (descr instanceof PatternDescr pattern) {
            pattern(pattern, current);
        } else {
            file.error(descr, 1, descr.getClass().getSimpleName().replace("Descr", "") + " is not allowed in rules");
        }
    }

    private void pattern(PatternDescr pattern, Scope current) {
        if (pattern.getObjectType() == null || pattern.isQuery() || !pattern.getBehaviors().isEmpty()) {
            file.error(pattern, 1, "OOPath, query and window patterns are not allowed in rules");
            return;
        }
        if (pattern.getSource() != null) {
            source(pattern, current);
        }
        Type[] type = new Type[1];
        file.guarded(pattern, 1, () -> type[0] = file.names().name(null, pattern.getObjectType()));
        if (type[0] == null) {
            return;
        }
        if (pattern.getIdentifier() != null) {
            current.declare(pattern.getIdentifier(), type[0]);
        }
        Scope constraints = current.as(Scope.Dialect.MVEL, type[0]);
        for (BaseDescr constraint : pattern.getDescrs()) {
            if (constraint instanceof ExprConstraintDescr expression) {
                file.guarded(constraint, 1, () -> constraint(expression.getExpression(), constraints, current));
            } else {
                file.error(constraint, 1, "this kind of constraint is not allowed in rules");
            }
        }
    }

    private void source(PatternDescr pattern, Scope current) {
        BaseDescr source = pattern.getSource();
        if (source instanceof FromDescr from) {
            file.guarded(from, 1, () -> expressions.type(file.parser().expression(from.getExpression()),
                    current.as(Scope.Dialect.MVEL, null)));
        } else if (source instanceof CollectDescr collect) {
            lhs(collect.getInputPattern(), current.child());
        } else if (source instanceof AccumulateDescr accumulate) {
            if (!accumulate.isExternalFunction() || accumulate.getInitCode() != null || accumulate.getActionCode() != null) {
                file.error(accumulate, 1, "inline accumulate code is not allowed: use count, sum, average, min, max, "
                        + "collectList or collectSet");
                return;
            }
            Scope input = current.child();
            lhs(accumulate.getInput(), input);
            for (AccumulateDescr.AccumulateFunctionCallDescr call : accumulate.getFunctions()) {
                Type result = ACCUMULATE_FUNCTIONS.get(call.getFunction());
                if (result == null) {
                    file.error(accumulate, 1, "accumulate function " + call.getFunction() + " is not allowed: use "
                            + String.join(", ", ACCUMULATE_FUNCTIONS.keySet()));
                    continue;
                }
                for (String parameter : call.getParams()) {
                    file.guarded(accumulate, 1, () -> expressions.type(file.parser().expression(parameter),
                            input.as(Scope.Dialect.MVEL, null)));
                }
                if (call.getBind() != null) {
                    current.declare(call.getBind(), result);
                }
            }
        } else {
            file.error(source, 1, "patterns may come from working memory, from, collect or accumulate only");
        }
    }

    /** One constraint, taken apart by Drools' own constraint parser into operators and atoms. */
    private void constraint(String text, Scope constraints, Scope rule) {
        DrlExprParser parser = DrlExprParserFactory.getDrlExprParser(LanguageLevelOption.DRL6);
        ConstraintConnectiveDescr tree;
        try {
            tree = parser.parse(text);
        } catch (RuntimeException | StackOverflowError e) {
            throw new Refusal(1, "the constraint cannot be parsed: " + text);
        }
        if (tree == null || parser.hasErrors()) {
            throw new Refusal(1, "the constraint cannot be parsed: " + text);
        }
        part(tree, constraints, rule);
    }

    private void part(BaseDescr descr, Scope constraints, Scope rule) {
        if (descr instanceof ConstraintConnectiveDescr connective) {
            connective.getDescrs().forEach(d -> part(d, constraints, rule));
        } else if (descr instanceof RelationalExprDescr relation) {
            if (relation.getOperator().equals("matches") && relation.getRight() instanceof AtomicExprDescr right) {
                Patterns.check(right.getExpression());
                part(relation.getLeft(), constraints, rule);
                return;
            }
            if (!OPERATORS.contains(relation.getOperator())) {
                throw new Refusal(1, "operator " + relation.getOperator() + " is not allowed in rules (allowed: "
                        + String.join(" ", new java.util.TreeSet<>(OPERATORS)) + ")");
            }
            part(relation.getLeft(), constraints, rule);
            part(relation.getRight(), constraints, rule);
        } else if (descr instanceof AtomicExprDescr atom) {
            expressions.type(file.parser().expression(atom.getExpression()), constraints);
        } else if (descr instanceof BindingDescr binding) {
            Type type = expressions.type(file.parser().expression(binding.getExpression()), constraints);
            constraints.declare(binding.getVariable(), type);
            rule.declare(binding.getVariable(), type);
        } else {
            throw new Refusal(1, "this kind of constraint is not allowed in rules");
        }
    }
}
