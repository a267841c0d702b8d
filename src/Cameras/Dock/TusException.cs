using System.Net;

namespace Cameras.Dock;

/// <summary>The server refused a tus request. Conflicts, locks and server errors are worth retrying; the rest are not.</summary>
public sealed class TusException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public bool Retryable => Status is HttpStatusCode.Conflict or HttpStatusCode.Locked or HttpStatusCode.RequestTimeout
        || (int)Status == 460 || (int)Status >= 500;
}
