namespace Cameras.Transcode.Pipeline;

/// <summary>The steps every recording goes through, in order, and the states a step can be in.</summary>
public static class ProcessingStep
{
    public const string Probe = "probe";
    public const string Verify = "verify";
    public const string Proxy = "proxy";
    public const string Thumbnails = "thumbnails";

    public static IReadOnlyList<string> All { get; } = [Probe, Verify, Proxy, Thumbnails];
}

public static class StepState
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}
