using Cameras.Evidence.Exports;
using Cameras.Transcode.Jobs;
using Hangfire;
using Hangfire.Server;

namespace Cameras.Transcode.Exports;

/// <summary>
/// Builds one sealed export on a worker, with the playback proxies as optional copies. A failed attempt is retried
/// with backoff by Hangfire, as recordings are, under the <see cref="JobRetries"/> <see cref="ExportQueue"/> gives the
/// job (<c>Cameras:Exports:BuildRetries</c>, <c>BuildRetryDelay</c>); until the last attempt the export stays building
/// with its error shown, and only the last one fails it for good (export and job: the dashboard at /jobs lists it as
/// failed with its error).
/// </summary>
public sealed class BuildExportJob(ExportBuilder builder, ProxyPlaybackCopies copies)
{
    /// <summary>The Hangfire job; <paramref name="context"/> is Hangfire's (null in the enqueuing expression).</summary>
    [AutomaticRetry(Attempts = 0), RetryWithBackoff]
    [JobDisplayName("Build export {0}")]
    public async Task RunAsync(Guid exportId, JobRetries retries, PerformContext? context, CancellationToken cancellationToken)
    {
        using var timing = Cameras.Evidence.Telemetry.CamerasMetrics.TimeJob("export");
        var attempt = RetryWithBackoffAttribute.RetriesSoFar(context);
        var finalAttempt = attempt >= retries.Retries;
        switch (await builder.BuildAsync(exportId, copies, finalAttempt, cancellationToken))
        {
            // The export is failed (its view and ledger say so); the job shows failed too, with its error, on /jobs.
            case { ForGood: true } failure:
                throw new JobFailedForGoodException($"Export {exportId} failed for good at attempt {attempt + 1}: {failure.Error.Message}", failure.Error);
            case { } failure:
                throw new JobFailedException($"Attempt {attempt + 1} at export {exportId} failed and will be retried: {failure.Error.Message}", failure.Error);
        }
    }
}
