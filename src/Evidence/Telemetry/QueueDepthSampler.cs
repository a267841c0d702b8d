using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cameras.Evidence.Telemetry;

/// <summary>
/// Samples how many jobs wait in each queue from the catalog's own states (whatever runs the jobs), every few
/// seconds on a worker node, for the <c>cameras.jobs.queue_depth</c> gauge: a scrape never waits on PostgreSQL.
/// </summary>
public sealed class QueueDepthSampler(NpgsqlDataSource dataSource, ILogger<QueueDepthSampler> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    private volatile IReadOnlyList<Measurement<long>> _last = [];

    /// <summary>Labelled by queue name, as <c>Cameras:Transcode:Queues</c> names them: recordings: received or processing;
    /// exports: pending or building; live: ended feeds not yet assembled (waiting or running).</summary>
    private const string Depths = """
        SELECT 'recordings' AS queue, count(*) AS depth FROM recordings WHERE status IN ('received', 'processing')
        UNION ALL SELECT 'exports', count(*) FROM exports WHERE status IN ('pending', 'building')
        UNION ALL SELECT 'live', count(*) FROM live_feeds WHERE state = 'ended' AND segments > 0 AND recording_id IS NULL
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var reporting = CamerasMetrics.ReportQueueDepth(() => _last);
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                var rows = await connection.QueryAsync<(string Queue, long Depth)>(new CommandDefinition(Depths, cancellationToken: stoppingToken));
                _last = rows.Select(r => new Measurement<long>(r.Depth, new KeyValuePair<string, object?>("queue", r.Queue))).ToList();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // The catalog's schema is not made yet: this node started before the migrations ran (here or on another node).
                logger.LogDebug("No job queues to sample before the catalog's schema exists");
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Could not sample the job queues' depth");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
