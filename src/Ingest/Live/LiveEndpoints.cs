using System.Security.Claims;
using Cameras.Evidence.Custody;
using Cameras.Evidence.Live;
using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Options;

namespace Cameras.Ingest.Live;

/// <summary>
/// <c>PUT /live/{feed}/{name}</c> and <c>DELETE</c>: what HTTP pushers (ffmpeg's hls and dash muxers with
/// <c>-method PUT</c>, terminals) send. Terminal tokens only; a feed id belongs to the terminal that first pushed to it.
/// Optional headers <c>X-Camera</c>, <c>X-Officer</c>, <c>X-Position</c> identify the feed (camera defaults to the feed id);
/// <c>X-Source</c> says which path it came by (ffmpeg, browser, rtmp, srt; default ffmpeg). A feed starts with its first
/// accepted segment: a push refused for its name, its source, its bytes or its size leaves no feed behind.
/// </summary>
public static class LiveEndpoints
{
    public static IEndpointRouteBuilder MapLivePush(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/live").WithTags("Live").RequireRoles(Roles.Terminal);
        group.MapPut("/{feed}/{name}", PutAsync).WithName("PushLive");
        group.MapDelete("/{feed}/{name}", Delete).WithName("DeleteLive");
        app.MapLiveInternal();
        return app;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> PutAsync(
        string feed, string name, HttpContext context, ClaimsPrincipal user, LiveFeeds feeds, LivePush push, LiveNodeAddress node,
        IOptions<LiveOptions> options)
    {
        // Pushers (ffmpeg) often close the connection right after the last byte of the body without waiting for the
        // answer, which aborts the request: what arrived is still checked, chained and relayed to its end.
        var cancellationToken = CancellationToken.None;
        if (!LiveNames.IsValidFeed(feed) || !LiveNames.IsValidName(name) || LiveNames.Stream(name) is not { } stream)
            return LiveErrors.BadName.Problem("Feed ids are letters, digits, '-' and '_' (up to 64); file names one path segment of letters, digits, '.', '-' and '_', without '..'"
                + $" (streams 0 to {LiveNames.MaxStreams - 1}).");
        var request = context.Request;
        var source = Header(request, "X-Source") ?? "ffmpeg";
        if (!LiveNames.Sources.Contains(source))
            return LiveErrors.BadSource.Problem($"X-Source names the path a feed comes by: one of {string.Join(", ", LiveNames.Sources)} (default ffmpeg).");
        using var inFlight = LiveNames.IsPlaylist(name) ? null : push.Track(feed);
        var actor = CustodyActor.From(user);
        var state = await feeds.CheckAsync(feed, actor.Subject, options.Value.Keeping, cancellationToken);
        switch (state.Claim)
        {
            case LiveClaim.NotYours:
                return LiveErrors.NotYourFeed.Problem($"The feed '{feed}' was claimed by another terminal; push to a feed id of your own.");
            case LiveClaim.Ended:
                return LiveErrors.FeedEnded.Problem($"The feed '{feed}' has ended; a new intervention pushes to a new feed id.");
        }
        // Between two frames a progressive PUT sends nothing for a while: the dock's minimum data rate does not apply.
        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate) rate.MinDataRate = null;
        var who = new LiveFeeds.Identity(actor.Subject, Header(request, "X-Camera") ?? feed, Header(request, "X-Officer"),
            Header(request, "X-Position"), node.Url, source);
        var outcome = LiveNames.IsPlaylist(name)
            ? await push.PlaylistAsync(feed, request.Body, cancellationToken)
            : await push.MediaAsync(feed, name, stream, request.Body, who, actor, state, cancellationToken);
        if (outcome.Problem is { } problem) return problem.Error.Problem(problem.Detail);
        if (outcome.Sha256 is not null) context.Response.Headers["Cameras-Sha256"] = outcome.Sha256;
        return TypedResults.NoContent();
    }

    /// <summary>Pushers delete segments that left their playlist; evidence is never deleted, so this only acknowledges.</summary>
    private static Results<NoContent, ProblemHttpResult> Delete(string feed, string name) =>
        LiveNames.IsValidFeed(feed) && LiveNames.IsValidName(name)
            ? TypedResults.NoContent()
            : LiveErrors.BadName.Problem("Invalid feed id or file name.");

    private static string? Header(HttpRequest request, string name) =>
        request.Headers[name].FirstOrDefault() is { Length: > 0 and <= 200 } value ? value.Trim() : null;
}
