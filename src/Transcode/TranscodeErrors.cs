using Cameras.Evidence;
using Microsoft.AspNetCore.Http;

namespace Cameras.Transcode;

/// <summary>The errors the playback and thumbnail endpoints answer with.</summary>
public static class TranscodeErrors
{
    public static readonly ErrorDescriptor NotAvailable = new("derivative-not-available", StatusCodes.Status404NotFound,
        "Not available");
}
