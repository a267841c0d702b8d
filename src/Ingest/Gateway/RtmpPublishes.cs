using System.Collections.Concurrent;
using Cameras.Ingest.Ffmpeg;
using Cameras.Ingest.Live;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cameras.Ingest.Gateway;

/// <summary>
/// nginx-rtmp's <c>on_publish</c> and <c>on_publish_done</c>. A publish of <c>rtmp://HOST:PORT/live/FEED?token=T&amp;camera=…</c>
/// is admitted only if the ingest accepts that terminal's token for that feed (the same claim a PUT makes: wrong
/// token 401, another terminal's feed 403, an ended feed 409; nothing is stored for a refusal); nginx then drops a
/// refused publisher. An admitted one gets an ffmpeg that plays it back from nginx and remuxes it into the ingest.
/// </summary>
public sealed class RtmpPublishes(LocalIngest ingest, PublishKeys keys, TimeProvider clock, ILoggerFactory loggers)
{
    private static readonly TimeSpan LeaveGrace = TimeSpan.FromSeconds(1);
    private readonly ILogger _logger = loggers.CreateLogger<RtmpPublishes>();
    private readonly ConcurrentDictionary<string, Session> _sessions = new();

    private sealed record Session(CancellationTokenSource Stop, Task Run);

    /// <summary>Drawn at each start; part of the callbacks' path.</summary>
    public string Secret { get; set; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>Where the remuxer plays a stream back from nginx (<c>rtmp://127.0.0.1:PORT/live/</c>).</summary>
    public string PlayBase { get; set; } = "rtmp://127.0.0.1:1935/live/";

    public async Task<IResult> PublishAsync(string secret, HttpRequest request)
    {
        if (secret != Secret) return Results.NotFound();
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var (feed, parameters) = StreamName(form["name"].ToString());
        string? Parameter(string key) => form[key].FirstOrDefault() ?? parameters[key].FirstOrDefault();
        var address = form["addr"].ToString();
        if (!LiveNames.IsValidFeed(feed) || Parameter("token") is not { Length: > 0 } credential)
            return Refuse(feed, address, 400, "the stream key must be FEED?token=KEY with a feed id of letters, digits, '-' and '_'");
        if (await keys.ResolveAsync(credential, request.HttpContext.RequestAborted) is not { } token)
            return Refuse(feed, address, 401, "unknown or expired publish key (POST /terminal/keys gives one)");
        if (_sessions.ContainsKey(feed)) return Refuse(feed, address, 409, "this feed is being published already");
        var uploader = new FeedUploader(ingest, FeedIdentity.From(feed, token, "rtmp", Parameter));
        var answer = await uploader.AuthoriseAsync(request.HttpContext.RequestAborted);
        if (!answer.Accepted) return Refuse(feed, address, answer.Status, answer.Detail);
        var remuxer = new FeedRemuxer(uploader, clock, loggers.CreateLogger<FeedRemuxer>());
        var stop = new CancellationTokenSource();
        var run = Task.Run(async () =>
        {
            try { await remuxer.RunAsync(LiveFfmpegInput.Url(PlayBase + feed, "-rw_timeout", "15000000"), stop.Token); }
            finally { _sessions.TryRemove(feed, out _); }
        });
        _sessions[feed] = new Session(stop, run);
        _logger.LogInformation("RTMP publish of feed {Feed} from {Address} admitted", feed, address);
        return Results.NoContent();
    }

    /// <summary>The publisher left: ffmpeg sees the end of the stream; one still waiting after a moment is told to stop
    /// (<c>q</c>: it finishes its output, so the last segment is whole).</summary>
    public async Task<IResult> DoneAsync(string secret, HttpRequest request)
    {
        if (secret != Secret) return Results.NotFound();
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var (feed, _) = StreamName(form["name"].ToString());
        _logger.LogInformation("RTMP publisher of feed {Feed} left", feed);
        if (_sessions.TryGetValue(feed, out var session)) _ = StopAsync(session);
        return Results.NoContent();
    }

    public Task StopAllAsync() => Task.WhenAll(_sessions.Values.Select(StopAsync));

    /// <summary>nginx keeps a player's connection open after its publisher left, so ffmpeg would wait on: it is told to
    /// stop (FFMpegCore's cancellation: <c>q</c>, and it writes out what it holds), then killed if it has not ended
    /// <see cref="FeedRemuxer.StopGrace"/> later (ffmpeg reads <c>q</c> between packets, not while it waits on a silent
    /// input). Fragments are flushed every 100 ms, so a kill loses at most that.</summary>
    private static async Task StopAsync(Session session)
    {
        if (await Task.WhenAny(session.Run, Task.Delay(LeaveGrace)) == session.Run) return;
        await session.Stop.CancelAsync();
        await session.Run;
    }

    private IResult Refuse(string feed, string address, int status, string? detail)
    {
        _logger.LogWarning("RTMP publish of feed {Feed} from {Address} refused: {Status} {Detail}", feed, address, status, detail);
        return Results.StatusCode(StatusCodes.Status403Forbidden);
    }

    /// <summary>nginx passes the stream name without its query in most versions, with it in some: take both.</summary>
    private static (string Feed, Microsoft.AspNetCore.Http.IQueryCollection Parameters) StreamName(string name)
    {
        var q = name.IndexOf('?');
        if (q < 0) return (name, QueryCollection.Empty);
        return (name[..q], new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(name[(q + 1)..])));
    }
}
