using System.Text.Json;
using Cameras.Evidence.Database;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace Cameras.Transcode.Live;

/// <summary>
/// On a worker node: an ended feed (NOTIFY <c>live_feed</c>) gets its assembly job, named after the feed so announcing
/// twice schedules once; a docked recording that arrives (NOTIFY <c>recording_received</c>) is matched with the feeds of
/// its camera. At start, ended feeds never assembled (no worker was listening) are scheduled.
/// </summary>
public sealed class LiveAssemblyQueue(NpgsqlDataSource dataSource, ISchedulerFactory schedulers, LiveMatcher matcher, ILogger<LiveAssemblyQueue> logger)
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
        catch (SchedulerException e)
        {
            // Typically this node is stopping; the sweep at the next start of any worker schedules the feed.
            logger.LogWarning("Could not schedule from a {Channel} notice: {Error}", channel, e.Message);
        }
        catch (Exception e) when (e is NpgsqlException or JsonException)
        {
            logger.LogError(e, "Could not handle {Channel} notice", channel);
        }
    }

    private async Task ScheduleAsync(string feed)
    {
        var scheduler = await schedulers.GetScheduler();
        await scheduler.ScheduleJob<AssembleLiveFeedJob, AssembleLiveFeed>(new AssembleLiveFeed(feed), TimeSpan.Zero,
            new OneOffJobOptions { Name = "live-" + feed, OnConflict = TriggerConflict.Keep, RequestRecovery = true }, CancellationToken.None);
    }
}
