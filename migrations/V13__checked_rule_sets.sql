-- 0.8.0: rule sets whose scenarios passed (rules.CheckedRuleSets), keyed by a digest of the rule
-- and scenario texts, the loop guard's limit and the build (its classes' bytes, the Drools jar).
-- A start with the same rules on the same build compiles them but does not run the scenarios
-- again. Deleting rows is always safe: the next start runs the scenarios.
CREATE TABLE checked_rule_set (
    key        text PRIMARY KEY,
    version    text NOT NULL,
    scenarios  integer NOT NULL,
    checked_at timestamptz NOT NULL
);
