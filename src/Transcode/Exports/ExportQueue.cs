using Cameras.Evidence.Database;
using Cameras.Evidence.Exports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Cameras.Transcode.Exports;

/// <summary>
/// Turns requested exports into build jobs: the API announces each with <c>NOTIFY export_requested</c>; a sweep every
/// few seconds catches any announcement missed. The trigger is named after the export, so announcing twice builds once.
/// The trigger carries the build's retry policy (exponential, factor 3, like the recordings' <c>[RetryPolicy]</c>) from
/// <see cref="ExportOptions"/>, so a deployment, or a test, chooses how many retries and how soon.
/// </summary>
public sealed class ExportQueue(NpgsqlDataSource dataSource, ISchedulerFactory schedulers, ExportCatalog exports, ExportBuilder builder,
    IOptions<ExportOptions> options, ILogger<ExportQueue> logger) : BackgroundService
{
    /// <summary>The one durable job every export's trigger fires; recovery re-runs a build cut short by a node's death.</summary>
    private static readonly JobKey BuildJob = new("build-export", "exports");

    private bool _jobStored;

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
    /// A building export whose attempts are over (no trigger left: a retry waiting keeps its trigger) and that shows
    /// no sign of life died in a way its builder could not record (the database away at its last claim): failed
    /// for good, so that it can be asked for again rather than stay building.
    /// </summary>
    private async Task FailStalledAsync(CancellationToken cancellationToken)
    {
        var stalledAfter = options.Value.StalledAfter;
        var stalled = await exports.StalledAsync(stalledAfter, cancellationToken);
        if (stalled.Count == 0) return;
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var id in stalled)
        {
            if (await scheduler.Exists(TriggerKeyOf(id), cancellationToken)) continue;
            await builder.FailStalledAsync(id, stalledAfter, cancellationToken);
        }
    }

    private static TriggerKey TriggerKeyOf(Guid exportId) => new("export-" + exportId, BuildJob.Group);

    private async Task ScheduleAsync(Guid exportId, CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            if (!_jobStored)
            {
                await scheduler.AddJob(JobBuilder.Create<BuildExportJob>().WithIdentity(BuildJob).StoreDurably().RequestRecovery().Build(),
                    new AddJobOptions { Replace = true }, cancellationToken);
                _jobStored = true;
            }
            var trigger = TriggerBuilder.Create<BuildExportJob>().WithIdentity(TriggerKeyOf(exportId)).ForJob(BuildJob)
                .UsingInput(new BuildExport(exportId)).WithRetryPolicy(RetryPolicy()).StartNow().Build();
            await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Already scheduled, or its firing still running: the export is built once.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not schedule the build of export {ExportId}", exportId);
        }
    }

    private RetryPolicy RetryPolicy() => options.Value.BuildRetries == 0
        ? Quartz.RetryPolicy.None
        : Quartz.RetryPolicy.Exponential(options.Value.BuildRetries, options.Value.BuildRetryDelay, 3.0, maxDelay: null);
}
