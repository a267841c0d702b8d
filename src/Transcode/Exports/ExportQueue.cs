using Cameras.Evidence.Exports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace Cameras.Transcode.Exports;

/// <summary>
/// Turns requested exports into build jobs: the API announces each with <c>NOTIFY export_requested</c>; a sweep every
/// few seconds catches any announcement missed. The job is named after the export, so announcing twice builds once.
/// </summary>
public sealed class ExportQueue(NpgsqlDataSource dataSource, ISchedulerFactory schedulers, ExportCatalog exports, ILogger<ExportQueue> logger)
    : BackgroundService
{
    /// <summary>The worker's export services: the queue, the job's playback source.</summary>
    public static void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ProxyPlaybackCopies>();
        services.AddHostedService<ExportQueue>();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (Guid.TryParse(e.Payload, out var id)) _ = ScheduleAsync(id, CancellationToken.None);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {ExportCatalog.Requested}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    foreach (var id in await exports.PendingAsync(stoppingToken)) await ScheduleAsync(id, stoppingToken);
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    wait.CancelAfter(TimeSpan.FromSeconds(5));
                    try
                    {
                        while (true) await connection.WaitAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                    }
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Lost the export queue's database connection; listening again shortly");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    private async Task ScheduleAsync(Guid exportId, CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            await scheduler.ScheduleJob<BuildExportJob, BuildExport>(new BuildExport(exportId), TimeSpan.Zero,
                new OneOffJobOptions { Name = "export-" + exportId, OnConflict = TriggerConflict.Keep, RequestRecovery = true },
                cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not schedule the build of export {ExportId}", exportId);
        }
    }
}
