using Cameras.Ingest.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cameras.Ingest.Tus;

/// <summary>What a POST asks for, read from its headers alone (no I/O).</summary>
public sealed record CreateRequest(long? Length, string? RawMetadata, DockMetadata Dock, string Concat, Guid[]? Parts, bool HasBody,
    ChunkChecksum? Checksum = null)
{
    public static CreateRequest? Parse(HttpRequest request, long maxSize, out ProblemHttpResult? problem)
    {
        problem = null;
        var headers = request.Headers;
        var concat = UploadConcat.None;
        Guid[]? parts = null;
        var concatHeader = headers[TusHeaders.UploadConcat].ToString();
        if (concatHeader == "partial") concat = UploadConcat.Partial;
        else if (concatHeader.StartsWith("final;", StringComparison.Ordinal))
        {
            concat = UploadConcat.Final;
            var urls = concatHeader["final;".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var ids = new List<Guid>();
            foreach (var url in urls)
            {
                if (!TusValues.TryUploadId(url, out var part)) return Fail(out problem, IngestErrors.BadRequest, $"'{url}' is not an upload URL of this server.");
                ids.Add(part);
            }
            if (ids.Count == 0 || ids.Distinct().Count() != ids.Count)
                return Fail(out problem, IngestErrors.BadRequest, "Upload-Concat: final needs one or more distinct partial upload URLs.");
            parts = [.. ids];
        }
        else if (concatHeader.Length > 0) return Fail(out problem, IngestErrors.BadRequest, "Upload-Concat must be 'partial' or 'final;URL URL…'.");

        long? length = null;
        var defer = headers[TusHeaders.UploadDeferLength].ToString();
        if (headers.ContainsKey(TusHeaders.UploadLength))
        {
            if (defer.Length > 0) return Fail(out problem, IngestErrors.BadRequest, "Give Upload-Length or Upload-Defer-Length, not both.");
            if (!TusValues.TryNonNegative(headers[TusHeaders.UploadLength], out var declared))
                return Fail(out problem, IngestErrors.BadRequest, "Upload-Length must be a non-negative integer.");
            if (declared > maxSize) return Fail(out problem, IngestErrors.TooLarge, $"Upload-Length {declared} exceeds Tus-Max-Size {maxSize}.");
            length = declared;
        }
        else if (defer != "1" && concat != UploadConcat.Final)
            return Fail(out problem, IngestErrors.BadRequest, "Upload-Length (or Upload-Defer-Length: 1) is required.");

        var raw = headers[TusHeaders.UploadMetadata].ToString();
        if (!UploadMetadataHeader.TryParse(raw, out var pairs, out var error)) return Fail(out problem, IngestErrors.BadMetadata, error);
        if (!DockMetadataParser.TryParse(pairs, concat == UploadConcat.Partial, out var dock, out error))
            return Fail(out problem, IngestErrors.BadMetadata, error);

        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && headers.TransferEncoding.Count > 0);
        if (hasBody && !PatchRequest.IsOffsetStream(request.ContentType))
            return Fail(out problem, IngestErrors.WrongContentType, "Data sent with creation needs Content-Type: application/offset+octet-stream.");
        if (hasBody && concat == UploadConcat.Final)
            return Fail(out problem, IngestErrors.BadRequest, "A final concatenation takes no data of its own.");
        if (length is { } n && request.ContentLength > n)
            return Fail(out problem, IngestErrors.TooLarge, $"The data sent with creation ({request.ContentLength} bytes) runs past Upload-Length {n}.");
        // The data sent with creation may carry its checksum, as a PATCH does (tus creation-with-upload).
        if (!ChecksumHeader.TryParse(hasBody ? headers[TusHeaders.UploadChecksum] : default, out var checksum, out error))
            return Fail(out problem, IngestErrors.BadChecksum, error);
        return new CreateRequest(length, raw.Length > 0 ? raw : null, dock, concat, parts, hasBody, checksum);
    }

    private static CreateRequest? Fail(out ProblemHttpResult problem, Cameras.Evidence.ErrorDescriptor error, string detail)
    {
        problem = error.Problem(detail);
        return null;
    }
}
