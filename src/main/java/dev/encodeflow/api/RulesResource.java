package dev.encodeflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.encodeflow.rules.ActiveRules;
import dev.encodeflow.rules.RuleError;
import dev.encodeflow.rules.RuleSet;
import dev.encodeflow.rules.RuleSetCompiler;
import dev.encodeflow.rules.RuleSetRejected;
import dev.encodeflow.rules.ScenarioFiles;
import dev.encodeflow.security.Roles;
import dev.encodeflow.workflow.ImpactPreview;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules: the set in force and its last reload, a forced reload, a dry run of candidate files
 * (compile, allow-list, scenarios) and a preview of what candidate files would change for the
 * stored assets. Nothing here but the reload changes the rule set in force.
 */
@Tag(name = "rules", description = "The rule set in force, reloads, and checks and previews of candidate rules")
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class RulesResource {

    static final int MAX_FILES = 200;
    private static final String DRL_NAME = "[A-Za-z0-9._-]{1,100}\\.drl";
    private static final String SCENARIO_NAME = ScenarioFiles.FOLDER + "/[A-Za-z0-9._-]{1,100}\\.ya?ml";

    private final ActiveRules rules;
    private final ImpactPreview preview;

    RulesResource(ActiveRules rules, ImpactPreview preview) {
        this.rules = rules;
        this.preview = preview;
    }

    /** The active rule set and the last attempt to load the folder. */
    public record RuleSetView(String version, Instant loadedAt, String dir, List<String> files, List<String> rules,
            int scenarios, ActiveRules.Attempt lastAttempt) {
    }

    /** A candidate's outcome: valid with what it would load, or the errors by file and line. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Validation(boolean valid, String version, List<String> rules, Integer scenarios, String error,
            List<RuleError> details) {
    }

    /**
     * Candidate files by name: {@code name.drl} rule files and {@code scenarios/name.yaml}
     * scenarios. They replace or add to the active folder's files of the same name; an empty
     * text removes that file.
     */
    public record Candidate(Map<String, String> files) {
    }

    @Operation(summary = "The rule set in force and the last load attempt")
    @APIResponse(responseCode = "200", description = "The active rule set", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RuleSetView.class)))
    @GET
    public RuleSetView getRules() {
        ActiveRules.Active active = rules.active();
        RuleSet set = active.rules();
        return new RuleSetView(set.version(), set.loadedAt(), rules.dir().toString(), set.files(), set.ruleNames(),
                active.scenarios(), rules.lastAttempt());
    }

    @Operation(summary = "Load the rules folder now")
    @APIResponse(responseCode = "200", description = "Loaded (or unchanged)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ActiveRules.Attempt.class)))
    @APIResponse(responseCode = "422", description = "Rejected, with file, line and message; the running set stays", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ActiveRules.Attempt.class)))
    /** Loads the folder now (it is also watched); 422 with the errors when it is rejected. */
    @POST
    @Path("/reload")
    @RolesAllowed(Roles.RULES_ADMIN)
    public Response reloadRules() {
        ActiveRules.Attempt attempt = rules.reload();
        return Response.status(attempt.outcome() == ActiveRules.Outcome.REJECTED ? 422 : 200).entity(attempt).build();
    }

    @Operation(summary = "Check candidate rules with the rest of the folder and its scenarios")
    @APIResponse(responseCode = "200", description = "Valid", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Validation.class)))
    @APIResponse(responseCode = "400", description = "No candidate, or a bad file name", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "Rejected, with file, line and message", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Validation.class)))
    @APIResponse(responseCode = "503", description = "No sandbox free to check candidates; retry after the Retry-After seconds", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    /** One DRL file as plain text, checked together with the rest of the folder and its scenarios. */
    @POST
    @Path("/validate")
    @Consumes(MediaType.TEXT_PLAIN)
    @RolesAllowed(Roles.RULES_ADMIN)
    public Response validateText(String drl, @QueryParam("name") @DefaultValue("candidate.drl") String name) {
        if (drl == null || drl.isBlank()) {
            throw ApiException.invalid("(body)", "DRL text is required");
        }
        dev.encodeflow.security.Text.problem(drl).ifPresent(p -> {
            throw ApiException.invalid("(body)", p);
        });
        if (!name.matches(DRL_NAME)) {
            throw ApiException.invalid("name", "must be a .drl file name");
        }
        return validate(new Candidate(Map.of(name, drl)));
    }

    /** Candidate files, checked together with the rest of the folder and its scenarios. */
    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RULES_ADMIN)
    public Response validateFiles(Candidate candidate) {
        return validate(candidate);
    }

    @Operation(summary = "What candidate rules would change for stored assets")
    @APIResponse(responseCode = "200", description = "The predicted changes", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ImpactPreview.Result.class)))
    @APIResponse(responseCode = "400", description = "Invalid candidate or asset list", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "422", description = "The candidate rules were rejected", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Validation.class)))
    @APIResponse(responseCode = "503", description = "No sandbox free; retry after the Retry-After seconds", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    /** What the candidate files would change for the stored assets, applied to none of them. */
    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RULES_ADMIN)
    public Response previewRules(PreviewRequest request) {
        if (request == null) {
            throw ApiException.invalid("(body)", "a JSON object is required");
        }
        Merged merged = merge(new Candidate(request.files()));
        if (request.assets() != null) {
            if (request.assets().size() > ImpactPreview.MAX_ASSETS) {
                throw ApiException.invalid("assets", "at most " + ImpactPreview.MAX_ASSETS + " asset ids");
            }
            for (int i = 0; i < request.assets().size(); i++) {
                String id = request.assets().get(i);
                if (id == null || !id.matches(dev.encodeflow.facts.AssetRequest.ID)) {
                    throw ApiException.invalid("assets[" + i + "]", "must be an asset id (1 to 128 of A-Z a-z 0-9 . _ -)");
                }
            }
        }
        int limit = request.limit() == null ? 1000 : request.limit();
        if (limit < 1 || limit > ImpactPreview.MAX_ASSETS) {
            throw ApiException.invalid("limit", "must be between 1 and " + ImpactPreview.MAX_ASSETS);
        }
        try {
            return Response.ok(preview.preview(merged.drl(), merged.scenarios(), request.assets(),
                    request.state(), limit)).build();
        } catch (RuleSetRejected e) {
            return rejected(e);
        }
    }

    /** The body of a preview: candidate files, and which stored assets to look at. */
    public record PreviewRequest(Map<String, String> files, List<String> assets,
            dev.encodeflow.model.AssetState state, Integer limit) {
    }

    private Response validate(Candidate candidate) {
        Merged merged = merge(candidate);
        try {
            var checked = rules.validate(merged.drl(), merged.scenarios());
            return Response.ok(new Validation(true, checked.version(), checked.ruleNames(), checked.scenarios(), null,
                    null)).build();
        } catch (RuleSetRejected e) {
            return rejected(e);
        }
    }

    private static Response rejected(RuleSetRejected e) {
        return Response.status(422).entity(new Validation(false, null, null, null, "the rules were rejected",
                e.errors())).build();
    }

    private record Merged(Map<String, String> drl, Map<String, String> scenarios) {
    }

    /** The folder's files with the candidate's laid over them. */
    private Merged merge(Candidate candidate) {
        if (candidate == null || candidate.files() == null || candidate.files().isEmpty()) {
            throw ApiException.invalid("files", "give at least one file: {\"files\": {\"name.drl\": \"...\"}}");
        }
        if (candidate.files().size() > MAX_FILES) {
            throw ApiException.invalid("files", "at most " + MAX_FILES + " files");
        }
        Map<String, String> drl = new TreeMap<>();
        Map<String, String> scenarios = new TreeMap<>();
        try {
            drl.putAll(RuleSetCompiler.readDirectory(rules.dir()));
            scenarios.putAll(ScenarioFiles.readTexts(rules.dir()));
        } catch (RuleSetRejected e) {
            // No readable folder: the candidate stands on its own.
        }
        for (Map.Entry<String, String> file : candidate.files().entrySet()) {
            String name = file.getKey();
            Map<String, String> target = name.matches(DRL_NAME) ? drl : name.matches(SCENARIO_NAME) ? scenarios : null;
            if (target == null) {
                throw ApiException.invalid("files", "'" + name + "' is neither name.drl nor scenarios/name.yaml");
            }
            if (file.getValue() == null || file.getValue().isEmpty()) {
                target.remove(name);
            } else {
                target.put(name, file.getValue());
            }
        }
        return new Merged(drl, scenarios);
    }
}
