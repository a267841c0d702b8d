using Cameras.Evidence.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Cameras.Evidence.Live;

/// <summary>
/// What a command-room node pulls from the ingest node that announced it: <c>GET /internal/live/{feed}/{kind}/{seq}</c>
/// answers the bytes, with the pushed name in <c>X-Live-Name</c> and its stream in <c>X-Live-Stream</c>. Node tokens only (<see cref="NodeAuthentication"/>).
/// </summary>
public static class LiveInternalEndpoints
{
    public const string NameHeader = "X-Live-Name";
    public const string StreamHeader = "X-Live-Stream";

    public static IEndpointRouteBuilder MapLiveInternal(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/live/{feed}/{kind}/{sequence:long}", Get).ExcludeFromDescription().RequireNodeToken();
        return app;
    }

    private static Results<FileContentHttpResult, NotFound> Get(string feed, string kind, long sequence, LiveWindow window, HttpResponse response)
    {
        switch (kind)
        {
            case LiveNotice.Init or LiveNotice.Fragment when window.Fragment(feed, sequence) is { } fragment:
                if (fragment.IsInit) response.Headers[NameHeader] = window.Snapshot(feed)?.Stream(fragment.Stream)?.InitName;
                response.Headers[StreamHeader] = fragment.Stream.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Bytes(fragment.Data, "video/mp4");
            case LiveNotice.Segment when window.Segment(feed, sequence) is { } segment:
                response.Headers[NameHeader] = segment.Name;
                response.Headers[StreamHeader] = segment.Stream.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Bytes(segment.Data, "video/mp4");
            default:
                return TypedResults.NotFound();
        }
    }
}
