package dev.encodeflow.api;

import dev.encodeflow.asset.AssetEntity;
import dev.encodeflow.facts.AssetIngest;
import dev.encodeflow.facts.AssetRequest;
import dev.encodeflow.model.AssetState;
import dev.encodeflow.model.MezzanineArrived;
import dev.encodeflow.queue.TaskEntity;
import dev.encodeflow.security.Roles;
import io.quarkus.panache.common.Parameters;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** Assets: ingest a mezzanine, and the state of assets and their tasks. */
@Tag(name = "assets", description = "Media assets: new mezzanines, their state, tasks and history")
@Path("/api/v1/assets")
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class AssetResource {

    static final int MAX_PAGE = 200;

    private final AssetIngest ingest;
    private final AssetViews views;
    private final Admission admission;
    private final AssetHistory history;

    AssetResource(AssetIngest ingest, AssetViews views, AssetHistory history, Admission admission) {
        this.ingest = ingest;
        this.history = history;
        this.views = views;
        this.admission = admission;
    }

    @Operation(summary = "Post a new mezzanine")
    @APIResponse(responseCode = "201", description = "The asset was created", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssetView.class)))
    @APIResponse(responseCode = "200", description = "The same request again: the asset as it is", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssetView.class)))
    @APIResponse(responseCode = "400", description = "Invalid request, every field at fault listed", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "An asset with this id exists with another request", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.INGEST)
    public Response createAsset(AssetRequest body, @Context UriInfo uri) {
        MezzanineArrived arrived = admission.asset(body);
        AssetIngest.Outcome outcome = ingest.create(arrived);
        if (outcome == AssetIngest.Outcome.CONFLICT) {
            throw ApiException.conflict("asset '" + arrived.id() + "' exists with a different request");
        }
        AssetView view = view(arrived.id());
        if (outcome == AssetIngest.Outcome.EXISTING) {
            return Response.ok(view).build();
        }
        return Response.created(uri.getBaseUriBuilder().path("api/v1/assets").path(arrived.id()).build())
                .entity(view).build();
    }

    @Operation(summary = "One asset: state, probe, renditions, outputs, packages")
    @APIResponse(responseCode = "200", description = "The asset", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssetView.class)))
    @APIResponse(responseCode = "404", description = "No asset with this id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @GET
    @Path("/{id}")
    @Transactional
    public AssetView getAsset(@PathParam("id") String id) {
        return view(id);
    }

    @Operation(summary = "Assets, newest first, a page at a time")
    @APIResponse(responseCode = "200", description = "A page of assets", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssetPage.class)))
    @APIResponse(responseCode = "400", description = "Invalid state, limit, cursor or id prefix", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @GET
    @Transactional
    public AssetPage listAssets(@QueryParam("state") String state, @QueryParam("limit") @DefaultValue("50") String limit,
            @QueryParam("after") String after, @QueryParam("q") String prefix) {
        int size = parseLimit(limit);
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (prefix != null && !prefix.isEmpty()) {
            if (!prefix.matches("[A-Za-z0-9._-]{1,128}")) {
                throw ApiException.invalid("q", "must be the start of an asset id (1 to 128 of A-Z a-z 0-9 . _ -)");
            }
            // An id prefix: LIKE's wildcards (the _ ids may hold) escaped.
            params.and("prefix", prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%");
            query.append(" and id like :prefix escape '\\'");
        }
        if (state != null && !state.isBlank()) {
            params.and("state", parseState(state));
            query.append(" and state = :state");
        }
        if (after != null && !after.isBlank()) {
            Cursor cursor = Cursor.parse(after);
            params.and("at", cursor.createdAt()).and("id", cursor.id());
            query.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
        }
        query.append(" order by createdAt desc, id desc");
        List<AssetEntity> page = AssetEntity.<AssetEntity>find(query.toString(), params).page(0, size + 1).list();
        String next = null;
        if (page.size() > size) {
            page = page.subList(0, size);
            AssetEntity last = page.get(size - 1);
            next = new Cursor(last.createdAt, last.id).encode();
        }
        return new AssetPage(views.of(page), next);
    }

    @Operation(summary = "Every task of an asset")
    @APIResponse(responseCode = "200", description = "The asset's tasks", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TaskView.class, type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    @APIResponse(responseCode = "404", description = "No asset with this id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @GET
    @Path("/{id}/tasks")
    @Transactional
    public List<TaskView> listTasks(@PathParam("id") String id) {
        find(id);
        return TaskEntity.<TaskEntity>list("assetId = ?1 order by id", id).stream().map(TaskView::of).toList();
    }

    @Operation(summary = "An asset's facts and the rules that fired on them")
    @APIResponse(responseCode = "200", description = "A page of the history", content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssetHistory.Page.class)))
    @APIResponse(responseCode = "400", description = "Invalid cursor or limit", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "404", description = "No asset with this id", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @GET
    @Path("/{id}/history")
    @Transactional
    public AssetHistory.Page getHistory(@PathParam("id") String id, @QueryParam("after") @DefaultValue("0") String after,
            @QueryParam("limit") @DefaultValue("200") String limit) {
        find(id);
        long from;
        try {
            from = Long.parseLong(after.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("after", "must be a fact sequence number");
        }
        return history.of(id, from, parseLimit(limit));
    }

    @Transactional
    AssetView view(String id) {
        return views.of(find(id));
    }

    private static AssetEntity find(String id) {
        AssetEntity asset = AssetEntity.findById(id);
        if (asset == null) {
            throw ApiException.notFound("no asset with id '" + id + "'");
        }
        return asset;
    }

    private static int parseLimit(String limit) {
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_PAGE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalid("limit", "must be a whole number from 1 to " + MAX_PAGE);
    }

    private static AssetState parseState(String state) {
        try {
            return AssetState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("state", "must be one of " + java.util.Arrays.toString(AssetState.values()));
        }
    }

    /** Position after the last asset of a page: (created at, id), opaque to clients. */
    record Cursor(Instant createdAt, String id) {

        String encode() {
            String raw = createdAt.toString() + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String text) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                Cursor cursor = new Cursor(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
                if (!cursor.id().matches(AssetRequest.ID)) {
                    throw new IllegalArgumentException("not an asset id");
                }
                return cursor;
            } catch (RuntimeException e) {
                throw ApiException.invalid("after", "not a cursor this API returned");
            }
        }
    }
}
