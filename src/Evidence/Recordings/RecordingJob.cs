namespace Cameras.Evidence.Recordings;

/// <summary>One processing step of a recording (probe, verify, proxy, thumbnails) and how far it has got.</summary>
public sealed record RecordingJob(
    string Step, string State, double Percent, int Attempts, string? Node, string? Error,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);
