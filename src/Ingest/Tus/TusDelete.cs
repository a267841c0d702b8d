using Cameras.Ingest.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cameras.Ingest.Tus;

/// <summary>
/// DELETE /dock/uploads/{id} (termination): drops an unfinished upload and its bytes. Validators: Tus-Resumable (group
/// filter), existence (404), state (403 once the file is stored or quarantined: evidence is never deleted this way).
/// Lock: the upload's lease (423), so no PATCH is writing while the file goes.
/// </summary>
public static class TusDelete
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(string id, HttpContext http, UploadServices uploads)
    {
        if (!Guid.TryParse(id, out var uploadId)) return IngestErrors.UploadNotFound.Problem($"No upload '{id}'.");
        var ct = http.RequestAborted;
        await using var lease = await uploads.Leases.AcquireAsync(uploadId, ct);
        var upload = await uploads.Store.FindAsync(uploadId, ct);
        if (upload is null || !UploadAccess.Allows(http.User, upload)) return IngestErrors.UploadNotFound.Problem($"No upload '{id}'.");
        if (upload.State is UploadState.Stored or UploadState.Quarantined or UploadState.Completing)
            return IngestErrors.Forbidden.Problem("This file has been received in full; it is evidence (or quarantined) and cannot be deleted.");
        if (lease is null) return IngestErrors.Locked.Problem("Another request is writing this upload; retry shortly.");
        uploads.Hashers.Forget(uploadId);
        uploads.Staging.Delete(uploadId);
        await uploads.Store.DeleteAsync(uploadId, ct);
        return TypedResults.NoContent();
    }
}
