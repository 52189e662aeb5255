package dev.encodeflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.encodeflow.rules.ActiveRules;
import dev.encodeflow.rules.RuleError;
import dev.encodeflow.rules.RuleSet;
import dev.encodeflow.rules.RuleSetCompiler;
import dev.encodeflow.rules.RuleSetRejected;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The rule set in force, and a dry run of a candidate that leaves it untouched. */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    static final int MAX_FILES = 200;

    private final ActiveRules rules;

    RulesResource(ActiveRules rules) {
        this.rules = rules;
    }

    /** The active rule set. */
    public record RuleSetView(String version, Instant loadedAt, String dir, List<String> files, List<String> rules) {
        static RuleSetView of(RuleSet set, String dir) {
            return new RuleSetView(set.version(), set.loadedAt(), dir, set.files(), set.ruleNames());
        }
    }

    /** A candidate's outcome: valid with what it would load, or the errors by file and line. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Validation(boolean valid, String version, List<String> rules, String error, List<RuleError> details) {
    }

    /** Several files to validate together; they replace or add to the active folder's files of the same name. */
    public record Candidate(Map<String, String> files) {
    }

    @GET
    public RuleSetView active() {
        return RuleSetView.of(rules.current(), rules.dir().toString());
    }

    /** One DRL file as plain text, compiled on its own. */
    @POST
    @Path("/validate")
    @Consumes(MediaType.TEXT_PLAIN)
    public Response validateText(String drl) {
        if (drl == null || drl.isBlank()) {
            throw ApiException.invalid("(body)", "DRL text is required");
        }
        return validate(Map.of("candidate.drl", drl));
    }

    /** Files by name, compiled together with the active folder's other files. */
    @POST
    @Path("/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response validateFiles(Candidate candidate) {
        if (candidate == null || candidate.files() == null || candidate.files().isEmpty()) {
            throw ApiException.invalid("files", "give at least one file: {\"files\": {\"name.drl\": \"...\"}}");
        }
        if (candidate.files().size() > MAX_FILES) {
            throw ApiException.invalid("files", "at most " + MAX_FILES + " files");
        }
        for (String name : candidate.files().keySet()) {
            if (!name.matches("[A-Za-z0-9._-]{1,100}\\.drl")) {
                throw ApiException.invalid("files", "'" + name + "' is not a .drl file name");
            }
        }
        Map<String, String> merged = new TreeMap<>();
        try {
            merged.putAll(RuleSetCompiler.readDirectory(rules.dir()));
        } catch (RuleSetRejected e) {
            // No readable folder: validate the candidate on its own.
        }
        merged.putAll(candidate.files());
        return validate(merged);
    }

    private Response validate(Map<String, String> files) {
        try {
            RuleSet set = rules.compiler().compile(files);
            return Response.ok(new Validation(true, set.version(), set.ruleNames(), null, null)).build();
        } catch (RuleSetRejected e) {
            return Response.status(422)
                    .entity(new Validation(false, null, null, "the rules do not compile", e.errors())).build();
        }
    }
}
