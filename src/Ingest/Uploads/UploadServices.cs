using Cameras.Evidence.Custody;
using Microsoft.Extensions.Options;

namespace Cameras.Ingest.Uploads;

/// <summary>What the tus verbs work with, in one place so each handler names a single dependency.</summary>
public sealed class UploadServices(
    UploadStore store, UploadLeases leases, BodyAppender appender, UploadCompletion completion, UploadHashers hashers,
    StagingArea staging, IOptions<IngestOptions> options)
{
    public UploadStore Store => store;
    public UploadLeases Leases => leases;
    public BodyAppender Appender => appender;
    public UploadHashers Hashers => hashers;
    public StagingArea Staging => staging;
    public IngestOptions Options => options.Value;

    /// <summary>Called under the lease once the last byte is durable: hash, verify, store or quarantine.</summary>
    public async Task<Upload> FinishAsync(Upload upload, CustodyActor actor)
    {
        byte[] digest;
        using (var file = staging.OpenForWrite(upload.Id))
            digest = await hashers.FinishAsync(upload.Id, file, upload.Length!.Value, CancellationToken.None);
        return await completion.CompleteAsync(upload, digest, actor);
    }

    public bool NeedsFinishing(Upload upload) => upload.IsReceiving && upload.IsFull && !upload.IsPartial;
}
