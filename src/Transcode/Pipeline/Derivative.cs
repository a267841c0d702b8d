namespace Cameras.Transcode.Pipeline;

/// <summary>
/// Files derived from an original (the playback proxy, the thumbnails), with their lineage: the parent's hash,
/// the tool's version and the exact commands that made them (paths shown as {input} and {output}).
/// </summary>
public sealed record Derivative(
    Guid Id, Guid RecordingId, string Kind, string ParentSha256, string ToolVersion,
    IReadOnlyList<IReadOnlyList<string>> Commands, IReadOnlyList<DerivedFile> Files, DateTimeOffset CreatedAt);
