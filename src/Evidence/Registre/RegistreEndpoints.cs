using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Evidence.Registre;

/// <summary>
/// <c>GET /api/registre</c>: the traceability register (CSI R241-5) for administrators and supervisors: JSON pages by default, the
/// whole filtered register as CSV with <c>Accept: text/csv</c>, the signed report with <c>Accept: application/pdf</c>.
/// Each read is traced first (<see cref="RegistreConsultations"/>); a refused filter reads and traces nothing.
/// </summary>
public static class RegistreEndpoints
{
    public const int MaxPage = 1000;

    public static void MapRegistre(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/registre", GetAsync).WithTags("Registre").WithName("GetRegistre").RequireRoles(Roles.Admin, Roles.Supervisor)
            .Produces(StatusCodes.Status200OK, contentType: RegistreCsv.ContentType)
            .Produces(StatusCodes.Status200OK, contentType: RegistreReport.ContentType);

    private static async Task<Results<Ok<RegistrePage>, EmptyHttpResult, FileContentHttpResult, ProblemHttpResult>> GetAsync(
        HttpContext http, RegistreStore store, RegistreReport report, RegistreConsultations consultations, CancellationToken cancellationToken,
        string? matricule = null, string? recording = null, string? camera = null, string? procedure = null, string? kind = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, int limit = 100, long? before = null)
    {
        if (kind is not null && !OperationKinds.All.Contains(kind))
            return EvidenceErrors.BadFilter.Problem($"kind must be one of {string.Join(", ", OperationKinds.All)}.");
        if (limit is < 1 or > MaxPage)
            return EvidenceErrors.BadFilter.Problem($"limit must be between 1 and {MaxPage}.");
        if (from > to)
            return EvidenceErrors.BadFilter.Problem("from must not be after to.");
        if (before is < 0)
            return EvidenceErrors.BadFilter.Problem("before is the 'next' value of the previous page: a sequence number, 0 or more.");
        var filter = new RegistreFilter(Blank(matricule), Blank(recording), Blank(camera), Blank(procedure), kind, from, to, limit, before);
        var actor = Custody.CustodyActor.From(http.User);
        if (Accepts(http.Request, RegistreReport.ContentType))
        {
            var by = actor.Person is { Nom: not null } p ? $"{p.Grade} {p.Prenom} {p.Nom} ({p.Matricule})".Trim() : $"{actor.Role} {actor.Subject}";
            if (await report.BuildAsync(filter with { Before = null }, by, cancellationToken) is not { } pdf)
                return EvidenceErrors.BadFilter.Problem(
                    $"More than {RegistreReport.MaxEntries} entries match: narrow the filter (person, period…) for a report, or download the CSV (Accept: text/csv).");
            // Traced once the report is made and before any of it is sent: a refused one was read by nobody.
            await consultations.RecordAsync(actor, filter with { Before = null }, RegistreConsultations.Pdf, cancellationToken);
            return TypedResults.File(pdf, RegistreReport.ContentType, "registre.pdf");
        }
        if (!Accepts(http.Request, RegistreCsv.ContentType))
        {
            await consultations.RecordAsync(actor, filter, RegistreConsultations.Json, cancellationToken);
            return TypedResults.Ok(await store.PageAsync(filter, cancellationToken));
        }
        await consultations.RecordAsync(actor, filter with { Before = null }, RegistreConsultations.Csv, cancellationToken);

        http.Response.ContentType = RegistreCsv.ContentType + "; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"registre.csv\"";
        await RegistreCsv.WriteAsync(http.Response.Body, store.AllAsync(filter with { Before = null }, cancellationToken), cancellationToken);
        return TypedResults.Empty;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool Accepts(HttpRequest request, string mediaType) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase));
}
