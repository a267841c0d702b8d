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

    private static string? FromQueryOrHeader(HttpRequest request, string query, string header)
    {
        var value = request.Query[query].FirstOrDefault() ?? request.Headers[header].FirstOrDefault();
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
