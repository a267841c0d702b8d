using Microsoft.AspNetCore.Http;

namespace Cameras.Evidence.Access;

/// <summary>Where an HTTP caller states why (reason and motif) and for which procedure: query parameters or headers.</summary>
public static class AccessReason
{
    public const string ReasonHeader = "X-Reason";
    public const string ProcedureHeader = "X-Procedure";

    public static string? Reason(HttpRequest request) => FromQueryOrHeader(request, "reason", ReasonHeader);

    public static string? Procedure(HttpRequest request) => FromQueryOrHeader(request, "procedure", ProcedureHeader);

    /// <summary>The consultation's motif (see <see cref="ConsultationMotif"/>), query <c>motif</c> or header X-Motif.</summary>
    public static string? Motif(HttpRequest request) => FromQueryOrHeader(request, "motif", ConsultationMotif.Header);

    /// <summary>
    /// A modification's motif (<see cref="TracedModification"/>): the JSON body's <c>motif</c> when the request has one
    /// (<paramref name="fromBody"/>), else query <c>motif</c>, else header X-Motif.
    /// </summary>
    public static string? Motif(HttpRequest request, string? fromBody) => Clean(fromBody) ?? Motif(request);

    /// <summary>A modification's reason: the JSON body's <c>reason</c> when given, else query <c>reason</c>, else header X-Reason.</summary>
    public static string? Reason(HttpRequest request, string? fromBody) => Clean(fromBody) ?? Reason(request);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? FromQueryOrHeader(HttpRequest request, string query, string header)
    {
        return Clean(request.Query[query].FirstOrDefault() ?? request.Headers[header].FirstOrDefault());
    }
}
