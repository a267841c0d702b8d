using Cameras.Evidence.Live;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Ingest.Live;

/// <summary>Ends the feeds that pushed nothing for <see cref="LiveOptions.SilenceTimeout"/> (a terminal out of coverage,
/// or switched off). Any ingest node may do it; ending is done once.</summary>
public sealed class LiveSilenceSweeper(LiveFeeds feeds, LiveEnding ending, IOptions<LiveOptions> options, ILogger<LiveSilenceSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timeout = options.Value.SilenceTimeout;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Clamp(timeout.TotalSeconds / 4, 0.5, 5)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var feed in await feeds.SilentAsync(timeout, stoppingToken))
                    await ending.EndAsync(feed, "silence", stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Could not look for silent live feeds");
            }
        }
    }
}
