using Cameras.Evidence.Database;
using Cameras.Evidence.Exports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Cameras.Transcode.Jobs;
using Npgsql;

namespace Cameras.Transcode.Exports;

/// <summary>
/// Turns requested exports into build jobs: the API announces each with <c>NOTIFY export_requested</c>; a sweep every
/// few seconds catches any announcement missed (the export's row, status <c>pending</c>, is the record that work is owed).
/// The job goes to the <c>exports</c> queue once per request (<see cref="JobEnqueuer"/>), however often it is announced,
/// and carries the build's retry policy (exponential, factor 3, like the recordings') from <see cref="ExportOptions"/>,
/// so a deployment, or a test, chooses how many retries and how soon.
/// </summary>
public sealed class ExportQueue(NpgsqlDataSource dataSource, JobEnqueuer jobs, ExportCatalog exports, ExportBuilder builder,
    IOptions<ExportOptions> options, ILogger<ExportQueue> logger) : BackgroundService
{
    /// <summary>The kind of work in <c>job_enqueues</c>.</summary>
    public const string Kind = "export";

    /// <summary>The worker's export services: the queue, the job's playback source.</summary>
    public static void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ProxyPlaybackCopies>();
        services.AddHostedService<ExportQueue>();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => dataSource.ListenAsync(
        new Listening([ExportCatalog.Requested], (channel, payload) =>
        {
            if (Guid.TryParse(payload, out var id)) _ = ScheduleAsync(id, CancellationToken.None);
        })
        {
            CatchUp = ScheduleRequestedAsync, CatchUpEvery = TimeSpan.FromSeconds(5),
        },
        logger, stoppingToken);

    private async Task ScheduleRequestedAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await exports.PendingAsync(cancellationToken)) await ScheduleAsync(id, cancellationToken);
        await FailStalledAsync(cancellationToken);
    }

    /// <summary>
    /// A building export whose attempts are over (no live job left: a retry waiting keeps its job scheduled) and that shows
    /// no sign of life died in a way its builder could not record (the database away at its last claim): failed
    /// for good, so that it can be asked for again rather than stay building.
    /// </summary>
    private async Task FailStalledAsync(CancellationToken cancellationToken)
    {
        var stalledAfter = options.Value.StalledAfter;
        var stalled = await exports.StalledAsync(stalledAfter, cancellationToken);
        if (stalled.Count == 0) return;
        foreach (var id in stalled)
        {
            if (await jobs.HasLiveJobAsync(Kind, id.ToString(), cancellationToken)) continue;
            await builder.FailStalledAsync(id, stalledAfter, cancellationToken);
        }
    }

    private async Task ScheduleAsync(Guid exportId, CancellationToken cancellationToken)
    {
        try
        {
            var retries = new JobRetries(options.Value.BuildRetries, options.Value.BuildRetryDelay);
            await jobs.EnqueueOnceAsync<BuildExportJob>(Kind, exportId.ToString(), JobQueues.Exports,
                job => job.RunAsync(exportId, retries, null, CancellationToken.None), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not enqueue the build of export {ExportId}", exportId);
        }
    }
}
