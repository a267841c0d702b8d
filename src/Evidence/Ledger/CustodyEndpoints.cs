using System.Security.Claims;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Evidence.Ledger;

/// <summary>
/// <c>GET /api/recordings/{id}/custody</c>: a recording's custody events, each with its canonical form and an
/// inclusion proof against the latest signed checkpoint, so anyone holding the ledger's public key can check it.
/// The history names who held, viewed and shared the recording: reading it is a consultation (R241-5), with a reason
/// and a motif like playing it, refused before anything is read and counted once per window (<see cref="RepeatedViews"/>),
/// since a page reloads it.
/// </summary>
internal static class CustodyEndpoints
{
    public static void MapCustody(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/recordings/{id:guid}/custody", GetAsync).WithTags("Recordings").WithName("GetRecordingCustody")
            .RequireRoles(Roles.Officer, Roles.Operator, Roles.Supervisor, Roles.Magistrate, Roles.Admin);

    private static async Task<Results<Ok<CustodyHistory>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, ClaimsPrincipal user, RecordingCatalog catalog, LedgerReader reader, RepeatedViews views,
        CancellationToken cancellationToken)
    {
        var access = new AccessRecord(AccessLog.Viewed, CustodyActor.From(user), AccessReason.Reason(http.Request),
            AccessReason.Procedure(http.Request), null, "recording", id.ToString(), null, null) { Motif = AccessReason.Motif(http.Request) };
        if (AccessLog.Check(access) is { } refused) return refused.Error.Problem(refused.Detail);
        // A recording in reach has all its events in reach (AccessScope.Events), so its history is read whole.
        if (await catalog.FindAsync(id, AccessScope.Of(user), cancellationToken) is not { } recording)
            return EvidenceErrors.RecordingNotFound.Problem($"No recording has the id {id}.");
        await views.RecordAsync(access with { Sha256 = recording.Sha256, Camera = recording.Camera }, RepeatedViews.Custody, cancellationToken);
        var (_, checkpoint) = await reader.HeadAsync(cancellationToken);
        var entries = new List<CustodyEntry>();
        foreach (var (e, leaf, personal) in await reader.EventsAboutAsync("recording", id.ToString(), cancellationToken))
        {
            // Events sequenced after the checkpoint get their proof with the next one.
            var proof = checkpoint is not null && e.Seq >= 0 && e.Seq < checkpoint.Size
                ? (await reader.InclusionProofAsync(e.Seq, checkpoint.Size, cancellationToken)).Select(Convert.ToBase64String).ToList()
                : null;
            entries.Add(new CustodyEntry(LedgerEventView.Of(e, leaf, personal), proof));
        }
        return TypedResults.Ok(new CustodyHistory(id, checkpoint is null ? null : CheckpointView.Of(checkpoint), entries));
    }
}
