using System.Security.Claims;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Evidence.Retention;

/// <summary>Legal holds on a recording, and the admin's purge-now.</summary>
internal static class RetentionEndpoints
{
    public static void MapRetention(this IEndpointRouteBuilder app)
    {
        var holds = app.MapGroup("/api/recordings/{id:guid}/holds").WithTags("Retention");
        holds.MapGet("/", ListAsync).WithName("ListLegalHolds").RequireRoles(Roles.Officer, Roles.Operator, Roles.Supervisor, Roles.Magistrate, Roles.Admin);
        holds.MapPost("/", PlaceAsync).WithName("PlaceLegalHold").RequireRoles(Roles.Officer, Roles.Supervisor, Roles.Magistrate, Roles.Admin);
        holds.MapDelete("/{holdId:guid}", LiftAsync).WithName("LiftLegalHold").RequireRoles(Roles.Magistrate, Roles.Admin);
        app.MapPost("/api/retention/purge", PurgeAsync).WithTags("Retention").WithName("PurgeNow").RequireRoles(Roles.Admin);
        app.MapPost("/api/retention/erase", EraseAsync).WithTags("Retention").WithName("EraseDuePersonalData").RequireRoles(Roles.Admin);
    }

    private static async Task<Results<Ok<IReadOnlyList<LegalHold>>, ProblemHttpResult>> ListAsync(
        Guid id, ClaimsPrincipal user, LegalHolds holds, CancellationToken cancellationToken) =>
        await holds.ListAsync(id, AccessScope.Of(user), cancellationToken) is { } list
            ? TypedResults.Ok(list)
            : EvidenceErrors.RecordingNotFound.Problem($"No recording has the id {id}.");

    /// <summary>A hold is a modification of the recording's data: procedure, motif and reason required (<see cref="TracedModification"/>).</summary>
    private static async Task<Results<Created<LegalHold>, ProblemHttpResult>> PlaceAsync(
        Guid id, PlaceHoldRequest request, HttpRequest http, ClaimsPrincipal user, LegalHolds holds, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Procedure))
            return EvidenceErrors.ProcedureRequired.Problem("A legal hold is placed for a procedure: give its number (procedure).");
        var (stated, refused) = TracedModification.Read(http, request.Motif, request.Reason, "say why the recording must be kept");
        if (stated is null) return refused!;
        var (hold, error, detail) = await holds.PlaceAsync(id, request.Procedure.Trim(), stated, AccessScope.Of(user), cancellationToken);
        return hold is null ? error!.Problem(detail) : TypedResults.Created($"/api/recordings/{id}/holds/{hold.Id}", hold);
    }

    private static async Task<Results<Ok<LegalHold>, ProblemHttpResult>> LiftAsync(
        Guid id, Guid holdId, HttpRequest http, ClaimsPrincipal user, LegalHolds holds, CancellationToken cancellationToken)
    {
        var (stated, refused) = TracedModification.Read(http, null, null, "say why the hold is lifted (query parameter 'reason' or header X-Reason)");
        if (stated is null) return refused!;
        var (hold, error, detail) = await holds.LiftAsync(id, holdId, stated, AccessScope.Of(user), cancellationToken);
        return hold is null ? error!.Problem(detail) : TypedResults.Ok(hold);
    }

    /// <param name="Erased">ledger personal parts erased</param>
    /// <param name="Names">shares, exports, cases and case viewers that lost a person's name (<see cref="PersonalErasure.EraseNamesAsync"/>)</param>
    public sealed record ErasureResult(long Erased, long Names);

    /// <summary>Runs now the daily pass that erases personal data whose term has ended, in the ledger and in the operational tables.</summary>
    private static async Task<Ok<ErasureResult>> EraseAsync(PersonalErasure erasure, CancellationToken cancellationToken)
    {
        var pass = await erasure.EraseAllDueAsync(cancellationToken);
        return TypedResults.Ok(new ErasureResult(pass.Parts, pass.Names));
    }

    /// <summary>Runs the daily purge now: the recordings it deleted; the live feeds whose officer and position it erased, the quarantined
    /// uploads and the segments an older purge left go with it.</summary>
    private static async Task<Ok<IReadOnlyList<RetentionPurge.PurgedRecording>>> PurgeAsync(RetentionPurge purge, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var purged = await purge.PurgeAsync(clock.GetUtcNow(), cancellationToken);
        await purge.PurgeFeedsAsync(clock.GetUtcNow(), cancellationToken);
        await purge.PurgeQuarantineAsync(clock.GetUtcNow(), cancellationToken);
        await purge.PurgeLeftSegmentsAsync(cancellationToken);
        return TypedResults.Ok(purged);
    }
}
