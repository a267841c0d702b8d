using System.Text.Json;
using Cameras.Evidence.Database;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cameras.CommandRoom.Hub;

/// <summary>
/// Tells the dashboards what changed. Feed starts and ends arrive by NOTIFY <c>live_feed</c> from whichever ingest node
/// saw them; recordings' progress is read from the catalog every two seconds and sent when it changed (the workers
/// already keep it there; one small query serves every dashboard of this node).
/// </summary>
public sealed class CommandRoomEvents(NpgsqlDataSource dataSource, FeedList list, IHubContext<CommandRoomHub> hub, ILogger<CommandRoomEvents> logger)
    : BackgroundService
{
    public const string FeedChannel = "live_feed";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), WatchRecordingsAsync(stoppingToken));

    private Task ListenAsync(CancellationToken stoppingToken) =>
        dataSource.ListenAsync(new Listening([FeedChannel], (channel, payload) => _ = ForwardAsync(payload)), logger, stoppingToken);

    private async Task ForwardAsync(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        var name = json.RootElement.GetProperty("event").GetString() == "started" ? "feedStarted" : "feedEnded";
        await hub.Clients.All.SendAsync(name, json.RootElement.Clone());
    }

    private async Task WatchRecordingsAsync(CancellationToken stoppingToken)
    {
        var last = "";
        var ready = new HashSet<Guid>();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var rows = await list.RecentAsync(stoppingToken);
                var text = JsonSerializer.Serialize(rows, JsonSerializerOptions.Web);
                if (text == last) continue;
                last = text;
                await hub.Clients.All.SendAsync("recordingProgress", rows, stoppingToken);
                foreach (var row in rows.Where(r => r.Status == "ready" && ready.Add(r.Id)))
                    await hub.Clients.All.SendAsync("recordingReady", row, stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Could not read recordings' progress");
            }
        }
    }
}
