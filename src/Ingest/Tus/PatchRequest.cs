using Cameras.Ingest.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cameras.Ingest.Tus;

/// <summary>What a PATCH asks for, read from its headers alone (no I/O): the first hop of the PATCH path.</summary>
public sealed record PatchRequest(long Offset, long? Length, ChunkChecksum? Checksum, long? ContentLength)
{
    public static PatchRequest? Parse(HttpRequest request, out ProblemHttpResult? problem)
    {
        problem = null;
        if (!IsOffsetStream(request.ContentType))
        {
            problem = IngestErrors.WrongContentType.Problem($"Content-Type was '{request.ContentType}'.");
            return null;
        }
        if (!TusValues.TryNonNegative(request.Headers[TusHeaders.UploadOffset], out var offset))
        {
            problem = IngestErrors.BadRequest.Problem("Upload-Offset must be a non-negative integer.");
            return null;
        }
        long? length = null;
        if (request.Headers.ContainsKey(TusHeaders.UploadLength))
        {
            if (!TusValues.TryNonNegative(request.Headers[TusHeaders.UploadLength], out var declared))
            {
                problem = IngestErrors.BadRequest.Problem("Upload-Length must be a non-negative integer.");
                return null;
            }
            length = declared;
        }
        if (!ChecksumHeader.TryParse(request.Headers[TusHeaders.UploadChecksum], out var checksum, out var error))
        {
            problem = IngestErrors.BadChecksum.Problem(error);
            return null;
        }
        return new PatchRequest(offset, length, checksum, request.ContentLength);
    }

    public static bool IsOffsetStream(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(TusHeaders.OffsetContentType, StringComparison.OrdinalIgnoreCase);
}
