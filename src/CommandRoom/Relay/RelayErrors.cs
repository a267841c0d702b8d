using Cameras.Evidence;
using Microsoft.AspNetCore.Http;

namespace Cameras.CommandRoom.Relay;

/// <summary>The errors the relay and the dashboard's files answer with, as problem+json.</summary>
public static class RelayErrors
{
    public static readonly ErrorDescriptor FeedNotLive = new("relay-feed-not-live", StatusCodes.Status404NotFound, "No such live feed");
    public static readonly ErrorDescriptor FeedStarting = new("relay-feed-starting", StatusCodes.Status404NotFound, "No segment yet");
    public static readonly ErrorDescriptor FeedNotFound = new("live-feed-not-found", StatusCodes.Status404NotFound, "No such feed");
    public static readonly ErrorDescriptor NotInWindow = new("relay-not-in-window", StatusCodes.Status404NotFound, "Not in the live window");
    public static readonly ErrorDescriptor NoSuchFile = new("dashboard-file-not-found", StatusCodes.Status404NotFound, "No such dashboard file");
}
