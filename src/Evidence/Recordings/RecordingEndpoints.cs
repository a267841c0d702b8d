using System.Security.Claims;
using Cameras.Evidence.Access;
using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Evidence.Recordings;

internal static class RecordingEndpoints
{
    public static void MapRecordings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/recordings").WithTags("Recordings")
            .RequireRoles(Roles.Officer, Roles.Operator, Roles.Supervisor, Roles.Admin);
        group.MapGet("/", SearchAsync).WithName("SearchRecordings");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetRecording");
        // Supervisors and admins correct what the dock got wrong. Not an officer (the officer decides whose view the
        // recording is in: an agent would move their own recordings), nor an operator, who works the recordings as they are.
        app.MapPatch("/api/recordings/{id:guid}", EditAsync).WithTags("Recordings").WithName("EditRecording")
            .RequireRoles(Roles.Supervisor, Roles.Admin);
    }

    /// <summary>A correction of the catalog's metadata: a traced modification (motif, reason, matricule), <c>recording.edited</c>.</summary>
    private static async Task<Results<Ok<Recording>, ProblemHttpResult>> EditAsync(
        Guid id, EditRecordingRequest request, HttpRequest http, RecordingCorrections corrections, CancellationToken cancellationToken)
    {
        var (stated, refused) = TracedModification.Read(http, request.Motif, request.Reason, "say why the recording's metadata is corrected");
        if (stated is null) return refused!;
        var (recording, error, detail) = await corrections.EditAsync(id, request, stated, cancellationToken);
        return recording is null ? error!.Problem(detail) : TypedResults.Ok(recording);
    }

    private static async Task<Results<Ok<IReadOnlyList<Recording>>, ProblemHttpResult>> SearchAsync(
        ClaimsPrincipal user, RecordingCatalog catalog, CancellationToken cancellationToken,
        string? sha256 = null, string? camera = null, string? officer = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, string? status = null, int limit = 100)
    {
        if (sha256 is not null && !Storage.ObjectKeys.IsSha256Hex(sha256))
            return EvidenceErrors.BadFilter.Problem("sha256 must be 64 lower-case hex digits.");
        if (status is not null && !RecordingStatus.All.Contains(status))
            return EvidenceErrors.BadFilter.Problem($"status must be one of {string.Join(", ", RecordingStatus.All)}.");
        if (limit is < 1 or > 1000)
            return EvidenceErrors.BadFilter.Problem("limit must be between 1 and 1000.");
        if (from > to)
            return EvidenceErrors.BadFilter.Problem("from must not be after to.");
        var found = await catalog.SearchAsync(new RecordingFilter(sha256, camera, officer, from?.ToUniversalTime(), to?.ToUniversalTime(), status, limit),
            AccessScope.Of(user), cancellationToken);
        return TypedResults.Ok(found);
    }

    private static async Task<Results<Ok<Recording>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, RecordingCatalog catalog, CancellationToken cancellationToken)
    {
        var recording = await catalog.FindAsync(id, AccessScope.Of(user), cancellationToken);
        return recording is null
            ? EvidenceErrors.RecordingNotFound.Problem($"No recording has the id {id}.")
            : TypedResults.Ok(recording);
    }
}
