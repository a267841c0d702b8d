using System.Text.Json;

namespace Cameras.Evidence.Recordings;

/// <summary>A recording as the API shows it. Status is one of <see cref="RecordingStatus"/>.</summary>
public sealed record Recording(
    Guid Id,
    string Sha256,
    long Size,
    string? Filename,
    string? Camera,
    string? Officer,
    string? Station,
    string? OffloadId,
    DateTimeOffset? RecordedAt,
    DateTimeOffset ReceivedAt,
    string Status,
    string? StatusReason,
    JsonElement? Probe,
    DateTimeOffset? DeleteAfter)
{
    /// <summary>A free-text description, set by a correction (<see cref="RecordingCorrections"/>); erased with the officer at the purge.</summary>
    public string? Description { get; init; }

    /// <summary>Processing steps, filled in when one recording is asked for.</summary>
    public IReadOnlyList<RecordingJob>? Jobs { get; init; }

    /// <summary>Kinds of derived files available (proxy, thumbnails), filled in when one recording is asked for.</summary>
    public IReadOnlyList<string>? Derivatives { get; init; }
}

public static class RecordingStatus
{
    public const string Received = "received";
    public const string Processing = "processing";
    public const string Ready = "ready";
    public const string Unplayable = "unplayable";
    public const string Quarantined = "quarantined";

    /// <summary>
    /// Processing failed for good (its last retry used up); <c>status_reason</c> says which step and why. Not final: the
    /// job requeued from <c>/jobs</c> takes it back to <c>processing</c>, and the sweep leaves it alone.
    /// </summary>
    public const string Failed = "failed";

    /// <summary>The original was deleted by the retention purge; the row stays so its history does.</summary>
    public const string Purged = "purged";

    public static IReadOnlyList<string> All { get; } = [Received, Processing, Ready, Unplayable, Quarantined, Failed, Purged];
}
