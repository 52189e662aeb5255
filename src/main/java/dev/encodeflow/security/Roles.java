package dev.encodeflow.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The roles of Contract v2 and what each implies. A token names its roles in the {@code groups}
 * claim; {@link RoleAugmentor} adds the implied ones, so endpoints name the one role that grants
 * them ({@code @RolesAllowed(Roles.INGEST)} admits operators too).
 *
 * <pre>
 *   operator ──► ingest ──► viewer ◄── rules-admin
 * </pre>
 */
public final class Roles {

    /** Every {@code GET /api/v1/**}. */
    public static final String VIEWER = "viewer";
    /** New mezzanines and facts about one asset. */
    public static final String INGEST = "ingest";
    /** Catalog-wide facts (EncoderUpgraded) and the operator actions of the ops page. */
    public static final String OPERATOR = "operator";
    /** Every {@code POST /api/v1/rules/**}: rules are code. */
    public static final String RULES_ADMIN = "rules-admin";

    public static final List<String> ALL = List.of(VIEWER, INGEST, OPERATOR, RULES_ADMIN);

    private static final Map<String, List<String>> IMPLIES = Map.of(
            OPERATOR, List.of(INGEST, VIEWER),
            INGEST, List.of(VIEWER),
            RULES_ADMIN, List.of(VIEWER));

    private Roles() {
    }

    /** {@code granted} with everything its roles imply (other groups stay, and grant nothing here). */
    public static Set<String> effective(Collection<String> granted) {
        Set<String> roles = new LinkedHashSet<>(granted);
        for (String role : granted) {
            roles.addAll(IMPLIES.getOrDefault(role, List.of()));
        }
        return roles;
    }
}
