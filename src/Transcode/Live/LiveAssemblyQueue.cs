using System.Text.Json;
using Cameras.Evidence.Database;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Cameras.Transcode.Jobs;
using Npgsql;

namespace Cameras.Transcode.Live;

/// <summary>
/// On a worker node: an ended feed (NOTIFY <c>live_feed</c>) gets its assembly job on the <c>live</c> queue, once per
/// feed however often it is announced (<see cref="JobEnqueuer"/>); a docked recording that arrives (NOTIFY <c>recording_received</c>) is matched with the feeds of
/// its camera. At start, ended feeds never assembled (no worker was listening) are scheduled.
/// </summary>
public sealed class LiveAssemblyQueue(
    NpgsqlDataSource dataSource, JobEnqueuer jobs, LiveMatcher matcher, IOptions<TranscodeOptions> options, ILogger<LiveAssemblyQueue> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => dataSource.ListenAsync(
        new Listening(["live_feed", "recording_received"], (channel, payload) => _ = OnNoticeAsync(channel, payload))
        {
            CatchUp = ScheduleUnassembledAsync,
        },
        logger, stoppingToken);

    private async Task ScheduleUnassembledAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var feed in await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM live_feeds WHERE state = 'ended' AND recording_id IS NULL AND segments > 0 AND record = 'full'", cancellationToken: cancellationToken)))
            await ScheduleAsync(feed);
    }

    private async Task OnNoticeAsync(string channel, string payload)
    {
        try
        {
            if (channel == "live_feed")
            {
                using var json = JsonDocument.Parse(payload);
                if (json.RootElement.GetProperty("event").GetString() == "ended")
                    await ScheduleAsync(json.RootElement.GetProperty("feed").GetString()!);
                return;
            }
            if (!Guid.TryParse(payload, out var recording)) return;
            await using var connection = await dataSource.OpenConnectionAsync();
            var camera = await connection.QuerySingleOrDefaultAsync<string?>("SELECT camera FROM recordings WHERE id = @recording", new { recording });
            await matcher.MatchCameraAsync(camera, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or JsonException or InvalidOperationException)
        {
            logger.LogError(e, "Could not handle {Channel} notice", channel);
        }
    }

    // Typically failing only while this node stops; the sweep at the next start of any worker enqueues the feed.
    private Task ScheduleAsync(string feed)
    {
        var retries = options.Value.LiveRetryPolicy;
        return jobs.EnqueueOnceAsync<AssembleLiveFeedJob>(Kind, feed, JobQueues.Live,
            job => job.RunAsync(feed, retries, CancellationToken.None), CancellationToken.None);
    }

    /// <summary>The kind of work in <c>job_enqueues</c>.</summary>
    public const string Kind = "live";
}
