using System.IO.Pipelines;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Security;
using Cameras.Ingest.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Cameras.Ingest.Tus;

/// <summary>
/// POST /dock/uploads: creates an upload (creation, creation-with-upload, creation-defer-length, concatenation).
/// Validators: Tus-Resumable (group filter), Upload-Length / Upload-Defer-Length (400, 413), Upload-Metadata and the
/// dock's keys (400), the offload (404 when another dock opened it), Upload-Concat and its parts (400), Content-Type
/// (415), Upload-Checksum (400, 460) and size (413) of data sent along.
/// Lock: the new upload's lease, taken before its row exists, while data sent along is written or the parts are
/// assembled. A creation refused after its row was written (data past Upload-Length, a checksum mismatch, parts
/// taken meanwhile, the client gone mid-body) takes everything back: no Location was answered, so nobody could ever
/// finish it, and a stub would only keep its offload's receipt at 409 until it expired.
/// </summary>
public static class TusCreate
{
    public static async Task<Results<Created, ProblemHttpResult>> HandleAsync(HttpContext http, UploadServices uploads)
    {
        var request = CreateRequest.Parse(http.Request, uploads.Options.MaxSize, out var problem);
        if (request is null) return problem!;
        var ct = http.RequestAborted;
        var identity = IdentityEndpoints.Of(http.User);
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
        }

        var now = uploads.Now;
        var upload = new Upload(Guid.NewGuid(), now, identity.Subject, now + uploads.Options.ExpireAfter, length, 0,
            request.RawMetadata, request.Dock, request.Concat, request.Parts, UploadState.Receiving, null, null);
        // Nobody knows the new id yet, so the lease is free; held from before the row exists, no sweep can see the
        // upload (an empty file is whole at once) before this request is done with it.
        await using var lease = await uploads.Leases.TryAcquireAsync(upload.Id, ct)
            ?? throw new InvalidOperationException("A new upload's lease is free.");
        if (!await uploads.Store.InsertAsync(upload, identity.Role == Roles.Admin, ct))
            return IngestErrors.OffloadNotFound.Problem(
                $"The offload '{request.Dock.Offload}' is not one of this dock's; name a new offload for this docking.");

        var received = await ReceiveAsync(http, uploads, request, lease, parts, upload);
        if (received.Refused is not null || received.ClientGone)
        {
            await TakeBackAsync(uploads, upload);
            if (received.Refused is { } refused) return refused;
            http.Abort(); // the client has gone mid-body: nobody is there to answer
            return IngestErrors.BadRequest.Problem("The request ended before its data did.");
        }

        upload = upload with { Offset = received.Offset };
        var location = TusResponse.Location(http.Request, upload.Id);
        // Past this point the creation stands: a completion cut off is carried on by a HEAD or the sweep.
        if (upload.NeedsFinishing) upload = await uploads.FinishAsync(upload, CustodyActor.From(http.User));
        if (request.HasBody || parts.Count > 0 || upload.Length == 0) TusResponse.Describe(http.Response, upload);
        else if (upload.IsReceiving) http.Response.Headers[TusHeaders.UploadExpires] = upload.ExpiresAt.ToString("R");
        return TypedResults.Created(location);
    }

    /// <summary>What the creation's own data (or its parts) left: the durable offset, or why it cannot stand.</summary>
    private sealed record Received(long Offset, ProblemHttpResult? Refused = null, bool ClientGone = false);

    /// <summary>Writes the data sent along or assembles the parts. Any failure takes the creation back.</summary>
    private static async Task<Received> ReceiveAsync(HttpContext http, UploadServices uploads, CreateRequest request, UploadLease lease,
        IReadOnlyList<Upload> parts, Upload upload)
    {
        try
        {
            uploads.Staging.Create(upload.Id);
            if (parts.Count > 0)
            {
                if (!await uploads.Store.ClaimPartsAsync(request.Parts!, http.RequestAborted))
                    return new Received(0, IngestErrors.BadRequest.Problem("Some of these partial uploads were just taken by another concatenation."));
                await using var joined = new ConcatenatedStream([.. parts.Select(p => p.Id)], uploads.Staging);
                var assembled = await uploads.Appender.AppendAsync(upload, lease, PipeReader.Create(joined), upload.Length!.Value, null, CancellationToken.None);
                foreach (var part in parts) uploads.Staging.Delete(part.Id);
                return new Received(assembled.Offset);
            }
            if (!request.HasBody) return new Received(0);
            var limit = upload.Length ?? uploads.Options.MaxSize;
            var outcome = await uploads.Appender.AppendAsync(upload, lease, http.Request.BodyReader, limit, request.Checksum, http.RequestAborted);
            return outcome.Stop switch
            {
                AppendStop.TooLarge => new Received(0, IngestErrors.TooLarge.Problem(
                    $"The data sent with creation runs past Upload-Length {limit}; nothing was kept. Send at most Upload-Length bytes.")),
                AppendStop.ChecksumMismatch => new Received(0, IngestErrors.ChecksumMismatch.Problem(
                    "The data sent with creation does not match its Upload-Checksum; nothing was kept. Create the upload again.")),
                AppendStop.Interrupted when outcome.Offset != upload.Length => new Received(outcome.Offset, ClientGone: true),
                _ => new Received(outcome.Offset),
            };
        }
        catch
        {
            try
            {
                await TakeBackAsync(uploads, upload);
            }
            catch (Exception e) when (e is NpgsqlException or IOException)
            {
                // The database or the disk is failing too: the stub expires after Cameras:Ingest:ExpireAfter.
            }
            throw;
        }
    }

    private static async Task TakeBackAsync(UploadServices uploads, Upload upload)
    {
        uploads.Hashers.Forget(upload.Id);
        uploads.Staging.Delete(upload.Id);
        await uploads.Store.DeleteRefusedAsync(upload, CancellationToken.None);
    }
}
