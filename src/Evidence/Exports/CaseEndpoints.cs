using System.Security.Claims;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Evidence.Exports;

/// <summary>
/// <c>/api/cases</c>: operators open cases (with recordings: motif and reason, as <c>POST /api/cases/{id}/recordings</c>,
/// 403 from a token without a matricule); a magistrate sees the cases they are a viewer of.
/// </summary>
internal static class CaseEndpoints
{
    public static void MapCases(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cases").WithTags("Cases");
        group.MapPost("/", CreateAsync).WithName("CreateCase").RequireRoles(Roles.Operator, Roles.Supervisor, Roles.Admin);
        group.MapGet("/", ListAsync).WithName("ListCases").RequireRoles(Roles.Operator, Roles.Supervisor, Roles.Admin, Roles.Magistrate);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetCase").RequireRoles(Roles.Operator, Roles.Supervisor, Roles.Admin, Roles.Magistrate);
    }

    /// <summary>Opens a case with its recordings: a traced modification, as adding recordings later is (motif and reason).</summary>
    private static async Task<Results<Created<CaseView>, ProblemHttpResult>> CreateAsync(
        CreateCaseRequest request, HttpRequest http, CaseCatalog cases, CancellationToken cancellationToken)
    {
        // One rule for where a modification states why (TracedModification.Read): the body's, else query, else headers.
        var traced = request with { Motif = AccessReason.Motif(http, request.Motif), Reason = AccessReason.Reason(http, request.Reason) };
        var (created, error, detail) = await cases.CreateAsync(traced, CustodyActor.From(http.HttpContext.User), cancellationToken);
        return error is not null ? error.Problem(detail) : TypedResults.Created($"/api/cases/{created!.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<CaseView>>> ListAsync(ClaimsPrincipal user, CaseCatalog cases, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cases.ListAsync(AccessScope.Of(user), cancellationToken));

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, CaseCatalog cases, CancellationToken cancellationToken) =>
        await cases.FindAsync(id, AccessScope.Of(user), cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : ExportErrors.CaseNotFound.Problem($"No case {id} that you may see.");
}
