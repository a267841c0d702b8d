using System.IO.Pipelines;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Security;
using Cameras.Ingest.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cameras.Ingest.Tus;

/// <summary>
/// POST /dock/uploads: creates an upload (creation, creation-with-upload, creation-defer-length, concatenation).
/// Validators: Tus-Resumable (group filter), Upload-Length / Upload-Defer-Length (400, 413), Upload-Metadata and the
/// dock's keys (400), Upload-Concat and its parts (400), Content-Type of data sent along (415).
/// Lock: the new upload's lease while data sent along is written or the parts are assembled.
/// </summary>
public static class TusCreate
{
    public static async Task<Results<Created, ProblemHttpResult>> HandleAsync(HttpContext http, UploadServices uploads)
    {
        var request = CreateRequest.Parse(http.Request, uploads.Options.MaxSize, out var problem);
        if (request is null) return problem!;
        var ct = http.RequestAborted;
        IReadOnlyList<Upload> parts = [];
        long? length = request.Length;
        if (request.Parts is { } partIds)
        {
            parts = await uploads.Store.FindManyAsync(partIds, ct);
            parts = [.. parts.Where(p => UploadAccess.Allows(http.User, p))];
            var missing = partIds.Where(p => parts.All(u => u.Id != p)).ToList();
            if (missing.Count > 0) return IngestErrors.BadRequest.Problem($"Unknown partial upload(s): {string.Join(", ", missing)}.");
            if (parts.FirstOrDefault(p => !p.IsPartial || !p.IsReceiving || !p.IsFull) is { } bad)
                return IngestErrors.BadRequest.Problem($"Upload {bad.Id} is not a complete, unused partial upload.");
            parts = [.. partIds.Select(id => parts.First(p => p.Id == id))];
            length = parts.Sum(p => p.Length!.Value);
            if (length > uploads.Options.MaxSize) return IngestErrors.TooLarge.Problem($"The parts add up to more than Tus-Max-Size {uploads.Options.MaxSize}.");
            if (!await uploads.Store.ClaimPartsAsync(partIds, ct))
                return IngestErrors.BadRequest.Problem("Some of these partial uploads were just taken by another concatenation.");
        }

        var now = DateTimeOffset.UtcNow;
        var upload = new Upload(Guid.NewGuid(), now, IdentityEndpoints.Of(http.User).Subject, now + uploads.Options.ExpireAfter, length, 0,
            request.RawMetadata, request.Dock, request.Concat, request.Parts, UploadState.Receiving, null, null);
        uploads.Staging.Create(upload.Id);
        await uploads.Store.InsertAsync(upload, ct);
        var location = TusResponse.Location(http.Request, upload.Id);

        if (request.HasBody || parts.Count > 0 || upload.Length == 0)
        {
            await using var lease = await uploads.Leases.AcquireAsync(upload.Id, ct)
                ?? throw new InvalidOperationException("A new upload's lease is free.");
            if (parts.Count > 0)
            {
                await using var joined = new ConcatenatedStream([.. parts.Select(p => p.Id)], uploads.Staging);
                var outcome = await uploads.Appender.AppendAsync(upload, lease, PipeReader.Create(joined), length!.Value, null, CancellationToken.None);
                upload = upload with { Offset = outcome.Offset };
                foreach (var part in parts) uploads.Staging.Delete(part.Id);
            }
            else if (request.HasBody)
            {
                var limit = upload.Length ?? uploads.Options.MaxSize;
                var outcome = await uploads.Appender.AppendAsync(upload, lease, http.Request.BodyReader, limit, null, ct);
                if (outcome.Stop == AppendStop.TooLarge)
                    return IngestErrors.TooLarge.Problem("The data sent with creation runs past Upload-Length; it was discarded.");
                upload = upload with { Offset = outcome.Offset };
            }
            if (uploads.NeedsFinishing(upload)) upload = await uploads.FinishAsync(upload, CustodyActor.From(http.User));
            TusResponse.Describe(http.Response, upload);
        }
        else if (upload.IsReceiving)
        {
            http.Response.Headers[TusHeaders.UploadExpires] = upload.ExpiresAt.ToString("R");
        }
        return TypedResults.Created(location);
    }
}
