using Microsoft.AspNetCore.Http;

namespace Cameras.Evidence;

/// <summary>The errors the evidence API can answer with.</summary>
public static class EvidenceErrors
{
    public static readonly ErrorDescriptor RecordingNotFound = new("recording-not-found", StatusCodes.Status404NotFound, "No such recording");
    public static readonly ErrorDescriptor BadFilter = new("bad-filter", StatusCodes.Status400BadRequest, "Invalid filter");
}
