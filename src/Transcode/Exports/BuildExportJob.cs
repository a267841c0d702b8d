using Cameras.Evidence.Exports;
using Quartz;

namespace Cameras.Transcode.Exports;

/// <summary>
/// Builds one sealed export on a worker, with the playback proxies as optional copies. A failed attempt is retried
/// with backoff by Quartz, as recordings are, under the retry policy <see cref="ExportQueue"/> puts on the trigger
/// (<c>Cameras:Exports:BuildRetries</c>, <c>BuildRetryDelay</c>); until the last attempt the export stays building
/// with its error shown, and only the last one fails it for good.
/// </summary>
public sealed class BuildExportJob(ExportBuilder builder, ProxyPlaybackCopies copies) : IJob<BuildExport>
{
    public async ValueTask Execute(IJobExecutionContext context, BuildExport input, CancellationToken cancellationToken)
    {
        using var timing = Cameras.Evidence.Telemetry.CamerasMetrics.TimeJob("export");
        // No policy (retries off, or a trigger stored before they existed) means this attempt is the only one.
        var finalAttempt = context.RetryPolicy is not { } policy || context.RetryAttempt >= policy.MaxAttempts;
        if (await builder.BuildAsync(input.ExportId, copies, finalAttempt, cancellationToken) is { } failure)
            throw new JobExecutionException(
                $"Attempt {context.RetryAttempt + 1} at export {input.ExportId} failed and will be retried: {failure.Message}", failure);
    }
}
