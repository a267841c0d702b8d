namespace Cameras.Transcode.Pipeline;

/// <summary>
/// How a step ended when it did not simply succeed: the recording cannot be played, or its stored original
/// no longer matches its hash. Both are final findings, not failures to retry; the steps after them are skipped.
/// </summary>
public sealed class StepStoppedException(string status, string reason) : Exception(reason)
{
    /// <summary>The recording status the finding leads to.</summary>
    public string Status { get; } = status;
}
