using Cameras.Evidence.Custody;
using Microsoft.Extensions.Options;

namespace Cameras.Ingest.Uploads;

/// <summary>What the tus verbs work with, in one place so each handler names a single dependency.</summary>
public sealed class UploadServices(
    UploadStore store, UploadLeases leases, BodyAppender appender, UploadCompletion completion, UploadHashers hashers,
    StagingArea staging, IOptions<IngestOptions> options, TimeProvider clock)
{
    public UploadStore Store => store;
    public UploadLeases Leases => leases;
    public BodyAppender Appender => appender;
    public UploadHashers Hashers => hashers;
    public StagingArea Staging => staging;
    public IngestOptions Options => options.Value;

    /// <summary>The time uploads expire by (the host's clock; a test's fake one).</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Called under the lease once the last byte is durable, or to carry on a completion that was cut off:
    /// hash, verify, store or quarantine (<see cref="UploadCompletion"/>).</summary>
    public Task<Upload> FinishAsync(Upload upload, CustodyActor actor) => completion.FinishAsync(upload, actor);
}
