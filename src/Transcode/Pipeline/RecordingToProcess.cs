namespace Cameras.Transcode.Pipeline;

/// <summary>What the pipeline needs to know of a recording.</summary>
public sealed record RecordingToProcess(Guid Id, string Sha256, long Size, string StorageKey, string Status);
