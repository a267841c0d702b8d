using Cameras.Evidence;
using Microsoft.AspNetCore.Http;

namespace Cameras.Ingest.Live;

/// <summary>The errors a live push can answer with, as problem+json.</summary>
public static class LiveErrors
{
    public static readonly ErrorDescriptor BadName = new("live-bad-name", StatusCodes.Status400BadRequest, "Invalid feed or file name");
    public static readonly ErrorDescriptor NotYourFeed = new("live-feed-claimed", StatusCodes.Status403Forbidden, "Feed belongs to another terminal");
    public static readonly ErrorDescriptor FeedEnded = new("live-feed-ended", StatusCodes.Status409Conflict, "Feed has ended");
    public static readonly ErrorDescriptor TooLarge = new("live-segment-too-large", StatusCodes.Status413PayloadTooLarge, "Segment too large");
    public static readonly ErrorDescriptor NotMedia = new("live-not-fmp4", StatusCodes.Status415UnsupportedMediaType, "Not fMP4/CMAF");
    public static readonly ErrorDescriptor CodecsChanged = new("live-codecs-changed", StatusCodes.Status409Conflict, "Codecs changed within the feed");
    public static readonly ErrorDescriptor BadSource = new("live-bad-source", StatusCodes.Status400BadRequest, "Unknown X-Source");
    public static readonly ErrorDescriptor Truncated = new("live-truncated", StatusCodes.Status400BadRequest, "Segment ends inside a box");
}
