using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Cameras.Evidence.Database;
using Cameras.Evidence.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cameras.Evidence.Live;

/// <summary>
/// On a command-room node: listens for <see cref="LiveNotice"/>s from ingest nodes, pulls each announced unit from
/// its origin over HTTP, in order per feed, and republishes it in this node's <see cref="LiveWindow"/>. Notices this
/// node sent itself are skipped (its window has them already). Each pull shows this node's current node token
/// (<see cref="NodeCredential"/>: minutes long, reissued as it ages), which the origin admits on its internal
/// endpoints only.
/// </summary>
public sealed class LiveRelayPuller(
    NpgsqlDataSource dataSource, LiveWindow window, LiveNodeAddress self, NodeCredential credential, ILogger<LiveRelayPuller> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, Channel<LiveNotice>> _feeds = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => dataSource.ListenAsync(
        new Listening([LiveNotice.Channel], (_, payload) => Route(payload, stoppingToken)), logger, stoppingToken);

    private void Route(string payload, CancellationToken stoppingToken)
    {
        if (LiveNotice.Parse(payload) is not { } notice || notice.Origin == self.Url) return;
        var queue = _feeds.GetOrAdd(notice.Feed, feed =>
        {
            var channel = Channel.CreateUnbounded<LiveNotice>(new UnboundedChannelOptions { SingleReader = true });
            _ = Task.Run(() => PumpAsync(feed, channel.Reader, stoppingToken), stoppingToken);
            return channel;
        });
        queue.Writer.TryWrite(notice);
        if (notice.Kind == LiveNotice.End)
        {
            queue.Writer.TryComplete();
            _feeds.TryRemove(new KeyValuePair<string, Channel<LiveNotice>>(notice.Feed, queue));
        }
    }

    private async Task PumpAsync(string feed, ChannelReader<LiveNotice> notices, CancellationToken stoppingToken)
    {
        var refused = false;
        await foreach (var notice in notices.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (notice.Kind == LiveNotice.End) { window.End(feed); continue; }
                using var request = new HttpRequestMessage(HttpMethod.Get,
                    $"{notice.Origin}/internal/live/{Uri.EscapeDataString(feed)}/{notice.Kind}/{notice.Sequence}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.Current());
                using var response = await _http.SendAsync(request, stoppingToken);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    // Once per run of refusals, not per fragment; the origin's problem detail says why (never the token).
                    if (!refused)
                        logger.LogWarning("{Origin} refused this node's token for feed {Feed} ({Status}): {Detail}",
                            notice.Origin, feed, (int)response.StatusCode, await response.Content.ReadAsStringAsync(stoppingToken));
                    refused = true;
                    continue;
                }
                if (!response.IsSuccessStatusCode) continue;
                refused = false;
                var data = await response.Content.ReadAsByteArrayAsync(stoppingToken);
                var name = response.Headers.TryGetValues(LiveInternalEndpoints.NameHeader, out var v) ? v.First() : "segment.m4s";
                var stream = response.Headers.TryGetValues(LiveInternalEndpoints.StreamHeader, out var s) && int.TryParse(s.First(), out var n) ? n : 0;
                _ = notice.Kind switch
                {
                    LiveNotice.Init => window.PublishInit(feed, name, data, stream),
                    LiveNotice.Fragment => window.PublishFragment(feed, data, stream),
                    _ => (object)window.CompleteSegment(feed, name, data, stream),
                };
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Could not pull {Kind} {Sequence} of feed {Feed} from {Origin}: {Error}",
                    notice.Kind, notice.Sequence, feed, notice.Origin, e.Message);
            }
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
