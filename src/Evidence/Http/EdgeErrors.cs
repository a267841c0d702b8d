using Microsoft.AspNetCore.Http;

namespace Cameras.Evidence.Http;

/// <summary>The errors any endpoint can answer with, raised at the edge before (or around) the endpoint itself.</summary>
public static class EdgeErrors
{
    public static readonly ErrorDescriptor BadText = new("bad-text", StatusCodes.Status400BadRequest, "Invalid text");
    public static readonly ErrorDescriptor BadJson = new("bad-json", StatusCodes.Status400BadRequest, "Invalid JSON body");
    public static readonly ErrorDescriptor BadRequest = new("bad-request", StatusCodes.Status400BadRequest, "Bad request");
    public static readonly ErrorDescriptor UnsupportedMediaType = new("unsupported-media-type", StatusCodes.Status415UnsupportedMediaType, "Unsupported media type");
    public static readonly ErrorDescriptor NoSuchEndpoint = new("not-found", StatusCodes.Status404NotFound, "Not found");
    public static readonly ErrorDescriptor MethodNotAllowed = new("method-not-allowed", StatusCodes.Status405MethodNotAllowed, "Method not allowed");
    public static readonly ErrorDescriptor DatabaseUnavailable = new("database-unavailable", StatusCodes.Status503ServiceUnavailable, "Database briefly unavailable");
}
