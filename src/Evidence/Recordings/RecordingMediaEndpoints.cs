using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using System.Security.Claims;

namespace Cameras.Evidence.Recordings;

/// <summary>
/// <c>GET /api/recordings/{id}/media</c>: the original, bit for bit, with Range support. Consulting it needs a
/// reason and a motif, and is logged in the ledger before the first byte is sent; without a reason nothing is served.
/// </summary>
internal static class RecordingMediaEndpoints
{
    public static void MapRecordingMedia(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/recordings/{id:guid}/media", GetAsync).WithTags("Recordings").WithName("GetRecordingMedia")
            .RequireRoles(Roles.Officer, Roles.Operator, Roles.Supervisor, Roles.Magistrate, Roles.Admin);

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext context, ClaimsPrincipal user, RecordingCatalog catalog, IObjectStore store, AccessLog accessLog,
        CancellationToken cancellationToken)
    {
        var access = new AccessRecord(AccessLog.Viewed, CustodyActor.From(user), AccessReason.Reason(context.Request),
            AccessReason.Procedure(context.Request), null, "recording", id.ToString(), null, null) { Motif = AccessReason.Motif(context.Request) };
        if (AccessLog.Check(access) is { } refused) return refused.Error.Problem(refused.Detail);
        var recording = await catalog.FindAsync(id, AccessScope.Of(user), cancellationToken);
        if (recording is null) return EvidenceErrors.RecordingNotFound.Problem($"No recording has the id {id}.");
        if (recording.Status == RecordingStatus.Purged)
            return EvidenceErrors.RecordingPurged.Problem("This recording was deleted by the retention policy; its history remains in the ledger.");
        var key = ObjectKeys.Original(recording.Sha256);
        var info = await store.GetInfoAsync(key, cancellationToken);
        if (info is null) return EvidenceErrors.RecordingNotFound.Problem($"The original of recording {id} is not in the object store.");

        if (RangedObject.ResolveRange(context, info.Size, "The recording", out var range) is { } badRange) return badRange;

        await accessLog.RecordAsync(access with { Sha256 = recording.Sha256, Camera = recording.Camera }, null, cancellationToken);

        await RangedObject.SendAsync(context, store, key, info.Size, range, "application/octet-stream", recording.Sha256, cancellationToken);
        return TypedResults.Empty;
    }
}
