using System.Security.Claims;
using Cameras.Evidence.Access;
using Cameras.Evidence.Live;
using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Cameras.CommandRoom.Relay;

/// <summary>
/// What viewers play: <c>GET /relay/{feed}/index.m3u8</c> and the files it lists (HLS, fMP4; a feed pushed as separate
/// picture and sound streams has one media playlist per stream at <c>{stream}/index.m3u8</c>), and
/// <c>GET /relay/{feed}/ws</c>, the low-latency stream (every stream's init, then each fragment as it arrives, over a
/// WebSocket). Operators and admins; a reason (query <c>reason</c> or header X-Reason, else the configured default)
/// goes into the access log with each view.
/// </summary>
public static class RelayEndpoints
{
    public static IEndpointRouteBuilder MapRelay(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/relay/{feed}").WithTags("Live").RequireRoles(Roles.Operator, Roles.Admin).AllowQueryToken();
        group.MapGet("/index.m3u8", PlaylistAsync).WithName("GetRelayPlaylist");
        group.MapGet("/ws", RelaySocket.RunAsync).WithName("GetRelaySocket");
        group.MapGet("/{name}", File).WithName("GetRelayFile");
        group.MapGet("/{stream:int}/index.m3u8", StreamPlaylistAsync).WithName("GetRelayStreamPlaylist");
        group.MapGet("/{stream:int}/{name}", (string feed, int stream, string name, LiveWindow window) => File(feed, name, window))
            .WithName("GetRelayStreamFile");
        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> PlaylistAsync(
        string feed, HttpContext context, ClaimsPrincipal user, LiveWindow window, FeedViews views, IOptions<LiveOptions> options,
        CancellationToken cancellationToken)
    {
        if (window.Snapshot(feed) is not { } snapshot) return NoFeed(feed);
        if (RelayPlaylist.Write(snapshot, context.Request.QueryString.Value ?? "") is not { } playlist) return Starting(feed, snapshot, context);
        await views.RecordAsync(user, feed, Reason(context, options.Value), deduplicate: true, cancellationToken);
        return TypedResults.Content(playlist, "application/vnd.apple.mpegurl");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> StreamPlaylistAsync(
        string feed, int stream, HttpContext context, ClaimsPrincipal user, LiveWindow window, FeedViews views, IOptions<LiveOptions> options,
        CancellationToken cancellationToken)
    {
        if (window.Snapshot(feed) is not { } snapshot) return NoFeed(feed);
        if (snapshot.Stream(stream) is not { Init: not null } media) return Starting(feed, snapshot, context);
        await views.RecordAsync(user, feed, Reason(context, options.Value), deduplicate: true, cancellationToken);
        return TypedResults.Content(RelayPlaylist.Media(media, snapshot.Ended, context.Request.QueryString.Value ?? ""), "application/vnd.apple.mpegurl");
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> File(string feed, string name, LiveWindow window)
    {
        if (window.Snapshot(feed) is not { } snapshot) return NoFeed(feed);
        foreach (var stream in snapshot.Streams)
        {
            if (name == stream.InitName && stream.Init is { } init) return TypedResults.Bytes(init, "video/mp4");
            if (stream.Segments.LastOrDefault(s => s.Name == name) is { } segment) return TypedResults.Bytes(segment.Data, "video/mp4");
        }
        return RelayErrors.NotInWindow.Problem($"'{name}' is no longer (or not yet) in the window of feed '{feed}': reload the playlist for the current files.");
    }

    private static ProblemHttpResult NoFeed(string feed) => RelayErrors.FeedNotLive.Problem(
        $"No live feed '{feed}' on this node (never started, or ended more than a minute ago): GET /api/live/feeds lists the feeds live now.");

    // A feed that has started (its init is in) but has no whole segment yet, or a stream whose init has not come: a
    // moment early, not a wrong address. Still a 404 (there is nothing to play), with Retry-After so a player asks again;
    // the dashboard's hls.js retries these (it gives up on a 4xx otherwise). An ended window is simply gone.
    private static ProblemHttpResult Starting(string feed, LiveSnapshot snapshot, HttpContext context)
    {
        // (A window with no init is no feed: a viewer's socket may have opened one for an id that never started.)
        if (snapshot.Ended || !snapshot.Playable.Any()) return NoFeed(feed);
        context.Response.Headers.RetryAfter = "1";
        return RelayErrors.FeedStarting.Problem(
            $"The feed '{feed}' has started but has no whole segment in this stream yet: ask again in a second (Retry-After).");
    }

    internal static string Reason(HttpContext context, LiveOptions options) => AccessReason.Reason(context.Request) ?? options.DefaultViewReason;
}
