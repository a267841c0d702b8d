using Microsoft.AspNetCore.Http;

namespace Cameras.Evidence.Review;

/// <summary>The errors of the review workspace's API (search, bookmarks, timeline, case work).</summary>
public static class ReviewErrors
{
    public static readonly ErrorDescriptor BadSearch = new("bad-search", StatusCodes.Status400BadRequest, "Invalid search");
    public static readonly ErrorDescriptor BadBookmark = new("bad-bookmark", StatusCodes.Status400BadRequest, "Invalid bookmark");
    public static readonly ErrorDescriptor BadTimeline = new("bad-timeline", StatusCodes.Status400BadRequest, "Invalid timeline window");
    public static readonly ErrorDescriptor NothingHeld = new("nothing-held", StatusCodes.Status409Conflict, "No active hold to lift");
}
