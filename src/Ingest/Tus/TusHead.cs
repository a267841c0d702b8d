using Cameras.Evidence.Custody;
using Cameras.Ingest.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cameras.Ingest.Tus;

/// <summary>
/// HEAD /dock/uploads/{id}: where to resume. Validators: Tus-Resumable (group filter), existence (404), expiry (410).
/// Lock: takes the upload's lease briefly, so a PATCH whose client has gone lets go and its bytes are counted (423 if
/// it does not let go in time); the offset answered is then the durable one.
/// </summary>
public static class TusHead
{
    public static async Task<Results<Ok, ProblemHttpResult>> HandleAsync(string id, HttpContext http, UploadServices uploads)
    {
        if (!Guid.TryParse(id, out var uploadId)) return IngestErrors.UploadNotFound.Problem($"No upload '{id}'.");
        var ct = http.RequestAborted;
        var upload = await uploads.Store.FindAsync(uploadId, ct);
        if (upload is null || !UploadAccess.Allows(http.User, upload)) return IngestErrors.UploadNotFound.Problem($"No upload '{id}'.");
        if (upload.IsReceiving || upload.IsCompleting)
        {
            await using (var lease = await uploads.Leases.AcquireAsync(uploadId, ct))
            {
                if (lease is null) return IngestErrors.Locked.Problem("Another request is writing this upload and did not let go; retry shortly.");
                upload = await uploads.Store.FindAsync(uploadId, ct);
                // Every byte is durable but the request that sent the last ones ended before verifying them, or its
                // completion was cut off (connection lost, database restarted, node killed): it carries on from here.
                if (upload is { NeedsFinishing: true }) upload = await uploads.FinishAsync(upload, CustodyActor.From(http.User));
            }
            if (upload is null) return IngestErrors.UploadNotFound.Problem($"No upload '{id}'.");
        }
        if (upload.IsExpired(uploads.Now)) return IngestErrors.UploadExpired.Problem("This upload expired; create a new one.");
        TusResponse.DescribeFully(http.Request, http.Response, upload);
        return TypedResults.Ok();
    }
}
