package dev.encodeflow.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * What the annotations cannot say once for every operation (the document must tell the truth:
 * OpenApiIT compares it with what the tests observed): the answers any operation may give (401
 * and 403 when tokens are configured, 413 and 415 for a body, 500 with an incident id), the bearer
 * scheme with the role each operation needs in its description (roles are not OAuth scopes), the
 * tags' descriptions, and the fact types told apart by {@code type}.
 */
public class OpenApiFilter implements OASFilter {

    private static final String ERROR = "#/components/schemas/ErrorBody";
    private static final Map<String, String> FACTS = Map.of("EncodeStale", "EncodeStale", "Cancel", "Cancel",
            "Reprioritize", "Reprioritize", "EncoderUpgraded", "EncoderUpgraded");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.getComponents().getSecuritySchemes().values()
                .forEach(scheme -> scheme.setDescription("A JWT signed with the configured RS256 key, with the "
                        + "configured issuer, roles in its groups claim (viewer, ingest, operator, rules-admin). "
                        + "With no key configured, anonymous requests are served on the loopback interface only."));
        for (Map.Entry<String, PathItem> path : api.getPaths().getPathItems().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().getOperations().entrySet()) {
                complete(entry.getKey(), entry.getValue());
            }
        }
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        for (String type : FACTS.keySet()) {
            Schema schema = schemas.get(type);
            if (schema != null) {
                schema.addProperty("type", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .addEnumeration(type).description("The fact type"));
                List<String> required = schema.getRequired() == null ? new ArrayList<>()
                        : new ArrayList<>(schema.getRequired());
                required.add(0, "type");
                schema.setRequired(required);
            }
        }
    }

    private static void complete(PathItem.HttpMethod method, Operation operation) {
        List<String> roles = new ArrayList<>();
        if (operation.getSecurity() != null) {
            for (SecurityRequirement requirement : operation.getSecurity()) {
                requirement.getSchemes().values().forEach(roles::addAll);
            }
            operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme("SecurityScheme")));
        }
        if (!roles.isEmpty()) {
            operation.setDescription((operation.getDescription() == null ? "" : operation.getDescription() + " ")
                    + "Needs the role " + String.join(" or ", roles) + " when tokens are configured.");
        }
        var responses = operation.getResponses();
        Map<String, APIResponse> existing = responses.getAPIResponses();
        add(responses, existing, "401", "No token, or a malformed, expired or wrongly signed one");
        add(responses, existing, "403", "The token lacks the role");
        if (operation.getRequestBody() != null) {
            add(responses, existing, "413", "The request body is too large");
            add(responses, existing, "415", "Unsupported media type");
        }
        add(responses, existing, "500", "Unexpected error; the body names an incident id to find in the log");
    }

    private static void add(org.eclipse.microprofile.openapi.models.responses.APIResponses responses,
            Map<String, APIResponse> existing, String code, String description) {
        APIResponse response = OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType("application/json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ERROR))));
        // The annotations' own (more specific) description wins.
        if (existing == null || !existing.containsKey(code)) {
            responses.addAPIResponse(code, response);
        } else {
            existing.get(code).setContent(response.getContent());
        }
    }
}
