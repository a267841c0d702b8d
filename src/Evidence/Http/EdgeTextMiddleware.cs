using Microsoft.AspNetCore.Http;

namespace Cameras.Evidence.Http;

/// <summary>
/// Checks the text of every request before any endpoint sees it: the decoded path (feed ids, file names, recording
/// ids), every query key and value, and every header value (<see cref="TextRules"/>); the headers the API reads as
/// text (<see cref="TextHeaders"/>) also against their length. A refusal is a 400 problem naming the field, written
/// before anything is read or stored.
/// </summary>
public sealed class EdgeTextMiddleware(RequestDelegate next)
{
    /// <summary>Headers whose value is kept as text (custody details, the access log, feed identity).</summary>
    public static readonly IReadOnlyList<string> TextHeaders = ["X-Camera", "X-Officer", "X-Position", "X-Reason", "X-Procedure"];

    /// <summary>Upload-Metadata is stored as sent; its decoded values are checked by the dock's parser.</summary>
    private const int MetadataLength = 8192;

    public async Task InvokeAsync(HttpContext context)
    {
        if (Problem(context.Request) is { } detail)
        {
            await EdgeErrors.BadText.Problem(detail).ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    internal static string? Problem(HttpRequest request)
    {
        // The path is checked for what it holds, not its length: Kestrel bounds it, and each endpoint its own names.
        if (TextRules.Check("URL path", request.Path.Value, maxLength: int.MaxValue) is { } path) return "The " + path;
        foreach (var (key, values) in request.Query)
        {
            if (TextRules.Check("query parameter name", key) is { } name) return name;
            foreach (var value in values)
                if (TextRules.Check(key, value) is { } problem) return "Query parameter " + problem;
        }
        foreach (var (name, values) in request.Headers)
        {
            var max = name.Equals("Upload-Metadata", StringComparison.OrdinalIgnoreCase) ? MetadataLength
                : TextHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) ? TextRules.MaxLength(name)
                : int.MaxValue; // other headers: Kestrel bounds their size
            foreach (var value in values)
                if (TextRules.Check(name, value, maxLength: max) is { } problem) return "Header " + problem;
        }
        return null;
    }
}
