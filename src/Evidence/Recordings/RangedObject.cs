using Cameras.Evidence.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cameras.Evidence.Recordings;

/// <summary>
/// Serves one stored object with single-range support (a resumed download gets the same bytes). In two steps, so
/// that the caller can log the access between them: the range is resolved first, and nothing is sent before
/// <see cref="SendAsync"/>.
/// </summary>
public static class RangedObject
{
    /// <returns>the 416 problem (with <c>Content-Range: bytes */size</c>) when the range lies outside the object,
    /// else null with the range asked for, if any</returns>
    public static ProblemHttpResult? ResolveRange(HttpContext context, long size, string what, out ByteRange? range)
    {
        range = ByteRange.Parse(context.Request.Headers.Range, size, out var unsatisfiable);
        if (!unsatisfiable) return null;
        context.Response.Headers.ContentRange = $"bytes */{size}";
        return EvidenceErrors.BadRange.Problem($"{what} has {size} bytes.");
    }

    /// <summary>Streams the object (or its range) from the store, its SHA-256 as the ETag.</summary>
    public static async Task SendAsync(HttpContext context, IObjectStore store, string key, long size, ByteRange? range,
        string contentType, string sha256, CancellationToken cancellationToken)
    {
        var (offset, length) = range is { } r ? (r.Offset, r.Length) : (0L, size);
        var response = context.Response;
        response.StatusCode = range is null ? StatusCodes.Status200OK : StatusCodes.Status206PartialContent;
        response.ContentType = contentType;
        response.ContentLength = length;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = $"\"{sha256}\"";
        if (range is not null) response.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{size}";
        await using var content = await store.OpenReadAsync(key, offset, length, cancellationToken);
        await content.CopyToAsync(response.Body, 1 << 16, cancellationToken);
    }
}
