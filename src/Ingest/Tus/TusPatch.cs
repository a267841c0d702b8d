using Cameras.Evidence.Custody;
using Cameras.Ingest.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cameras.Ingest.Tus;

/// <summary>
/// PATCH /dock/uploads/{id}: appends a chunk. Validators: Tus-Resumable (group filter), Content-Type (415), Upload-Offset
/// (400, 409 unless equal to the durable offset), Upload-Length for a deferred upload (400, 413), Upload-Checksum
/// (400, 460), the upload's existence (404), expiry (410), kind (403 on a final concatenation), size (413).
/// Lock: the upload's lease for the whole request (423 if the holder does not let go).
/// </summary>
public static class TusPatch
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(string id, HttpContext http, UploadServices uploads)
    {
        var request = PatchRequest.Parse(http.Request, out var problem);
        if (request is null) return problem!;
        if (!Guid.TryParse(id, out var uploadId)) return IngestErrors.UploadNotFound.Problem($"No upload '{id}'.");
        var ct = http.RequestAborted;

        await using var lease = await uploads.Leases.AcquireAsync(uploadId, ct);
        var upload = await uploads.Store.FindAsync(uploadId, ct);
        if (upload is null || !UploadAccess.Allows(http.User, upload)) return IngestErrors.UploadNotFound.Problem($"No upload '{id}'.");
        if (upload.IsExpired(uploads.Now)) return IngestErrors.UploadExpired.Problem("This upload expired; create a new one.");
        if (upload.IsFinal) return IngestErrors.Forbidden.Problem("A final concatenation is assembled from its parts; it takes no PATCH.");
        if (lease is null) return IngestErrors.Locked.Problem("Another request is writing this upload; retry shortly.");
        // Every byte is here but an earlier completion was cut off (connection lost, database restarted, node
        // killed): it carries on first, so this PATCH answers from the finished upload whatever its offset says.
        if (upload.NeedsFinishing) upload = await uploads.FinishAsync(upload, CustodyActor.From(http.User));
        if (request.Offset != upload.Offset)
            return IngestErrors.OffsetMismatch.Problem($"Upload-Offset {request.Offset} differs from the upload's offset {upload.Offset}; HEAD tells where to resume.");

        if (request.Length is { } declared)
        {
            if (upload.Length is { } known && known != declared)
                return IngestErrors.BadRequest.Problem($"Upload-Length {declared} differs from the length {known} given before.");
            if (declared > uploads.Options.MaxSize) return IngestErrors.TooLarge.Problem($"Upload-Length exceeds Tus-Max-Size {uploads.Options.MaxSize}.");
            if (declared < upload.Offset) return IngestErrors.BadRequest.Problem("Upload-Length is below the bytes already received.");
            if (upload.Length is null)
            {
                await uploads.Store.SetLengthAsync(lease.Connection, upload.Id, declared, ct);
                upload = upload with { Length = declared };
            }
        }
        var remaining = (upload.Length ?? uploads.Options.MaxSize) - upload.Offset;
        if (request.ContentLength > remaining)
            return IngestErrors.TooLarge.Problem($"The chunk ({request.ContentLength} bytes) runs past the upload's end ({remaining} bytes remain).");

        var outcome = upload.IsReceiving
            ? await uploads.Appender.AppendAsync(upload, lease, http.Request.BodyReader, remaining, request.Checksum, ct)
            : new AppendOutcome(upload.Offset, AppendStop.EndOfBody);
        upload = upload with { Offset = outcome.Offset, ExpiresAt = uploads.Now + uploads.Options.ExpireAfter };
        switch (outcome.Stop)
        {
            case AppendStop.Interrupted when !upload.NeedsFinishing:
                // The client has gone or another request took the upload over: what arrived is saved; this
                // connection ends here (its body cannot be drained) and the client learns the offset from HEAD.
                http.Abort();
                return TypedResults.NoContent();
            case AppendStop.ChecksumMismatch:
                return IngestErrors.ChecksumMismatch.Problem("The chunk's checksum does not match its bytes; it was discarded. Send it again.");
            case AppendStop.TooLarge:
                return IngestErrors.TooLarge.Problem("The body runs past the upload's length; the chunk was discarded.");
        }
        if (upload.NeedsFinishing)
            upload = await uploads.FinishAsync(upload, CustodyActor.From(http.User));
        TusResponse.Describe(http.Response, upload);
        return TypedResults.NoContent();
    }
}
