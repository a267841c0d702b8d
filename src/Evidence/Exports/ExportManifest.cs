using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cameras.Evidence.Exports;

// manifest.json, the signed heart of a package. Field names are part of the external contract: a magistrate's own
// tools may read them. Tree hashes are standard base64 (as in the checkpoint note), file hashes lower-case hex.

/// <summary>The whole manifest: what was exported, why, and the ledger evidence that the custody history is complete.</summary>
public sealed record ExportManifest(
    string Format, Guid ExportId, string Procedure, string Reason, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset IssuedAt,
    ManifestLedger Ledger, IReadOnlyList<ManifestItem> Items)
{
    public const string CurrentFormat = "cameras-export/1";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}

/// <summary>
/// The signed checkpoint (its note, verifiable with <see cref="PublicKey"/>, SPKI PEM) and the <c>export.prepared</c>
/// event, proven in it, that commits to each item's hash and to the exact list of its custody events.
/// </summary>
public sealed record ManifestLedger(string Origin, string PublicKey, string Checkpoint, ManifestEvent Prepared);

/// <summary>One ledger event: its canonical form (the leaf's data), leaf hash and RFC 6962 inclusion proof.</summary>
public sealed record ManifestEvent(long Seq, string Action, DateTime Time, string Canonical, string LeafHash, IReadOnlyList<string> Proof);

public sealed record ManifestItem(
    Guid RecordingId, string File, string? Filename, string? Camera, string? Officer, string? Station, DateTimeOffset? RecordedAt,
    DateTimeOffset ReceivedAt, long Size, string Sha256, IReadOnlyList<ManifestCopy> Playback, IReadOnlyList<ManifestEvent> Custody);

/// <summary>A playback copy and its lineage: derived from <see cref="ParentSha256"/> by these commands of this tool.</summary>
public sealed record ManifestCopy(
    string File, long Size, string Sha256, string Kind, string ParentSha256, string ToolVersion, IReadOnlyList<IReadOnlyList<string>> Commands);

/// <summary>A playback copy a worker offers for an item (the Transcode module's proxy), stored in the object store.</summary>
public sealed record PlaybackCopy(
    string Name, string Key, long Size, string Sha256, string Kind, string ParentSha256, string ToolVersion, IReadOnlyList<IReadOnlyList<string>> Commands);

/// <summary>Where the builder finds the playback copies of a recording; the worker supplies it.</summary>
public interface IPlaybackCopies
{
    Task<IReadOnlyList<PlaybackCopy>> FindAsync(Guid recordingId, CancellationToken cancellationToken);
}
