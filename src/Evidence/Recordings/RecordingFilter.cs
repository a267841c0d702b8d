namespace Cameras.Evidence.Recordings;

/// <summary>What a search of the catalog may narrow on; null means any.</summary>
public sealed record RecordingFilter(
    string? Sha256 = null,
    string? Camera = null,
    string? Officer = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Status = null,
    int Limit = 100);
