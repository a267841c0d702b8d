using Cameras.Evidence.Access;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Retention;
using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Evidence.Review;

/// <summary>
/// The Affaires page's calls beside <c>/api/cases</c>: the list with counts, adding recordings, and placing or lifting
/// the legal holds of all of a case's recordings (operators and admins, who build the case). Each of the three writes
/// is a traced modification: motif and reason required (<see cref="TracedModification"/>), 403 from a token without a matricule.
/// </summary>
internal static class CaseWorkEndpoints
{
    public static void MapCaseWork(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cases").WithTags("Cases").RequireRoles(Roles.Operator, Roles.Supervisor, Roles.Admin);
        group.MapGet("/summary", ListAsync).WithName("ListCaseSummaries");
        group.MapPost("/{id:guid}/recordings", AddAsync).WithName("AddCaseRecordings");
        group.MapGet("/{id:guid}/holds", HoldsAsync).WithName("ListCaseHolds");
        group.MapPost("/{id:guid}/holds", HoldAsync).WithName("HoldCase");
        group.MapDelete("/{id:guid}/holds", LiftAsync).WithName("LiftCaseHolds");
    }

    private static async Task<Ok<IReadOnlyList<CaseSummary>>> ListAsync(CaseWork cases, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cases.ListAsync(cancellationToken));

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> AddAsync(
        Guid id, AddRecordingsRequest request, HttpRequest http, CaseWork work, CaseCatalog cases,
        CancellationToken cancellationToken)
    {
        if (request.Recordings is not { Count: > 0 } recordings)
            return ExportErrors.NoRecordings.Problem("Name the recordings to add (recordings: their ids).");
        if (recordings.Count > 10_000) return ExportErrors.BadExportRequest.Problem("Add at most 10,000 recordings at a time.");
        var (stated, refused) = TracedModification.Read(http, request.Motif, request.Reason, CaseCatalog.AddReasonAsk);
        if (stated is null) return refused!;
        var (_, error, detail) = await work.AddRecordingsAsync(id, recordings, stated, cancellationToken);
        return error is not null ? error.Problem(detail) : TypedResults.Ok((await cases.FindAsync(id, AccessScope.Everything, cancellationToken))!);
    }

    private static async Task<Results<Ok<IReadOnlyList<LegalHold>>, ProblemHttpResult>> HoldsAsync(
        Guid id, CaseWork work, CaseCatalog cases, CancellationToken cancellationToken) =>
        await cases.FindAsync(id, AccessScope.Everything, cancellationToken) is null
            ? ExportErrors.CaseNotFound.Problem($"No case has the id {id}.")
            : TypedResults.Ok(await work.HoldsAsync(id, cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<LegalHold>>, ProblemHttpResult>> HoldAsync(
        Guid id, CaseHoldRequest request, HttpRequest http, CaseWork work, CancellationToken cancellationToken)
    {
        var (stated, refused) = TracedModification.Read(http, request.Motif, request.Reason, "say why the case's recordings must be kept");
        if (stated is null) return refused!;
        var (_, error, detail) = await work.HoldAsync(id, stated, cancellationToken);
        return error is not null ? error.Problem(detail) : TypedResults.Ok(await work.HoldsAsync(id, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<LegalHold>>, ProblemHttpResult>> LiftAsync(
        Guid id, HttpRequest http, CaseWork work, CancellationToken cancellationToken)
    {
        var (stated, refused) = TracedModification.Read(http, null, null, "say why the holds are lifted (query parameter 'reason' or header X-Reason)");
        if (stated is null) return refused!;
        var (_, error, detail) = await work.LiftAsync(id, stated, cancellationToken);
        return error is not null ? error.Problem(detail) : TypedResults.Ok(await work.HoldsAsync(id, cancellationToken));
    }
}
