namespace Cameras.Ingest.Uploads;

/// <summary>What the dock says about a file (the Upload-Metadata keys of DESIGN.md), validated.</summary>
public sealed record DockMetadata(
    string? Filename,
    string? Camera,
    string? Officer,
    string? Station,
    DateTimeOffset? RecordedAt,
    string? Sha256,
    string? Offload)
{
    public static DockMetadata None { get; } = new(null, null, null, null, null, null, null);
}
