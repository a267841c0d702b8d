using System.Security.Claims;
using Cameras.Evidence.Access;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Recordings;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Evidence.Exports;

/// <summary>
/// <c>/api/exports</c>: operators create exports (reason and procedure required), ask again for one that failed, and
/// share them with a magistrate;
/// the magistrate downloads theirs (any other export is, to them, one that does not exist: 404), stating a reason, with Range, until the link expires (from a plain browser link too,
/// with ?access_token=); every download is logged as a disclosure.
/// <c>GET /api/authority.pem</c> publishes the certificate chain that signs manifests, without a token.
/// </summary>
internal static class ExportEndpoints
{
    public static void MapExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/authority.pem", (ExportAuthority authority) => TypedResults.Text(authority.Pem, "application/x-pem-file"))
            .WithTags("Exports").WithName("GetExportAuthority").AllowAnonymous();
        var group = app.MapGroup("/api/exports").WithTags("Exports");
        group.MapPost("/", CreateAsync).WithName("CreateExport").RequireRoles(Roles.Operator, Roles.Supervisor, Roles.Admin);
        group.MapGet("/", ListAsync).WithName("ListExports").RequireRoles(Roles.Operator, Roles.Supervisor, Roles.Admin, Roles.Magistrate);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetExport").RequireRoles(Roles.Operator, Roles.Supervisor, Roles.Admin, Roles.Magistrate);
        group.MapPost("/{id:guid}/retry", RetryAsync).WithName("RetryExport").RequireRoles(Roles.Operator, Roles.Supervisor, Roles.Admin);
        group.MapPost("/{id:guid}/shares", ShareAsync).WithName("ShareExport").RequireRoles(Roles.Operator, Roles.Supervisor, Roles.Admin);
        // A plain link streams the package to disk through the browser's download manager (packages reach 20 GB): the
        // token may come as ?access_token= and the reason as ?reason=.
        group.MapGet("/{id:guid}/package", DownloadAsync).WithName("DownloadExport").RequireRoles(Roles.Magistrate).AllowQueryToken();
    }

    private static async Task<Results<Accepted<ExportView>, ProblemHttpResult>> CreateAsync(
        CreateExportRequest request, HttpContext http, ClaimsPrincipal user, ExportRequests requests, ExportCatalog catalog,
        CancellationToken cancellationToken)
    {
        if (request.Motif is null && AccessReason.Motif(http.Request) is { } motif) request = request with { Motif = motif };
        var (id, error, detail) = await requests.CreateAsync(request, CustodyActor.From(user), cancellationToken);
        if (error is not null) return error.Problem(detail);
        var export = await catalog.FindAsync(id!.Value, AccessScope.Of(user), cancellationToken);
        return TypedResults.Accepted($"/api/exports/{id}", export!.View);
    }

    private static async Task<Ok<IReadOnlyList<ExportView>>> ListAsync(ClaimsPrincipal user, ExportCatalog catalog, CancellationToken cancellationToken)
    {
        var exports = await catalog.ListAsync(AccessScope.Of(user), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ExportView>>([.. exports.Select(e => e.View)]);
    }

    /// <summary>An export not shared with a magistrate is, to them, one that does not exist (404): ids do not leak.</summary>
    private static async Task<Results<Ok<ExportView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, ExportCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.FindAsync(id, AccessScope.Of(user), cancellationToken) is { } export
            ? TypedResults.Ok(export.View)
            : ExportErrors.ExportNotFound.Problem($"No export has the id {id}.");

    /// <summary>Builds a failed export again: 202 with the export, now pending; 409 unless it failed; 404 for an unknown id.</summary>
    private static async Task<Results<Accepted<ExportView>, ProblemHttpResult>> RetryAsync(
        Guid id, ClaimsPrincipal user, ExportRequests requests, ExportCatalog catalog, CancellationToken cancellationToken)
    {
        var (error, detail) = await requests.RetryAsync(id, CustodyActor.From(user), cancellationToken);
        if (error is not null) return error.Problem(detail);
        var export = await catalog.FindAsync(id, AccessScope.Of(user), cancellationToken);
        return TypedResults.Accepted($"/api/exports/{id}", export!.View);
    }

    private static async Task<Results<Ok<ShareView>, ProblemHttpResult>> ShareAsync(
        Guid id, ShareRequest request, ClaimsPrincipal user, ExportRequests requests, CancellationToken cancellationToken)
    {
        var (share, error, detail) = await requests.ShareAsync(id, request, CustodyActor.From(user), cancellationToken);
        return error is not null ? error.Problem(detail) : TypedResults.Ok(share!);
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, HttpContext context, ClaimsPrincipal user, ExportCatalog catalog, IObjectStore store, AccessLog accessLog,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = CustodyActor.From(user);
        if (AccessLog.IdentityProblem(new AccessRecord(AccessLog.Disclosed, actor, null, null, null, "export", id.ToString(), null, null))
            is { } anonymous)
            return anonymous.Error.Problem(anonymous.Detail);
        var reason = AccessReason.Reason(context.Request);
        if (reason is null)
            return EvidenceErrors.ReasonRequired.Problem("Say why you download this export: query parameter reason or header X-Reason.");
        // Reason and motif first: a refused download is refused before anything is looked up, and logs nothing.
        var access = new AccessRecord(AccessLog.Disclosed, actor, reason, null, actor.Subject, "export", id.ToString(), null, null)
            { Motif = AccessReason.Motif(context.Request) };
        if (ConsultationMotif.Problem(actor.Role, access.Motif) is { } motif) return EvidenceErrors.MotifRequired.Problem(motif);
        var export = await catalog.FindAsync(id, AccessScope.Of(user), cancellationToken);
        var (expiresAt, shared, service) = export is null ? default : await catalog.ShareAsync(id, actor.Subject, cancellationToken);
        if (export is null || !shared) return ExportErrors.ExportNotFound.Problem($"No export has the id {id}.");
        if (expiresAt <= clock.GetUtcNow().UtcDateTime)
            return ExportErrors.LinkExpired.Problem($"The link expired at {expiresAt:yyyy-MM-dd'T'HH:mm:ss'Z'}; ask for the export to be shared again.");
        if (export.View.Status != "sealed" || export.ObjectKey is null)
            return ExportErrors.NotSealed.Problem($"Export {id} is {export.View.Status}.");
        var info = await store.GetInfoAsync(export.ObjectKey, cancellationToken);
        if (info is null) return ExportErrors.ExportNotFound.Problem($"The package of export {id} is not in the object store.");

        if (RangedObject.ResolveRange(context, info.Size, "The package", out var range) is { } badRange) return badRange;
        // The disclosure is logged before the first byte leaves.
        await accessLog.RecordAsync(access with { Procedure = export.View.Procedure, Sha256 = export.View.ManifestSha256, RecipientService = service }, null, cancellationToken);

        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(export.View)}\"";
        await RangedObject.SendAsync(context, store, export.ObjectKey, info.Size, range, "application/zip", export.View.ManifestSha256!,
            cancellationToken);
        return TypedResults.Empty;
    }

    /// <summary>The procedure (reduced to characters safe in any file system) and the export id, e.g. <c>PV-2026-0042_export-1a2b….zip</c>.</summary>
    public static string FileName(ExportView export)
    {
        var procedure = new string([.. export.Procedure.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_')]).Trim('.');
        return $"{(procedure.Length > 0 ? procedure + "_" : "")}export-{export.Id}.zip";
    }
}
