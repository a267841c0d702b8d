namespace Cameras.Ingest.Uploads;

/// <summary>One tus upload as PostgreSQL holds it. <see cref="Offset"/> is durable: flushed before it was stored.</summary>
public sealed record Upload(
    Guid Id,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset ExpiresAt,
    long? Length,
    long Offset,
    string? Metadata,
    DockMetadata Dock,
    string Concat,
    Guid[]? Parts,
    string State,
    string? Sha256,
    Guid? RecordingId,
    DateTimeOffset? CompletedAt = null,
    string? StorageKey = null)
{
    public bool IsPartial => Concat == UploadConcat.Partial;
    public bool IsFinal => Concat == UploadConcat.Final;
    public bool IsReceiving => State == UploadState.Receiving;
    public bool IsCompleting => State == UploadState.Completing;
    public bool IsExpired(DateTimeOffset now) => IsReceiving && ExpiresAt <= now;
    public bool IsFull => Length is { } n && Offset == n;

    /// <summary>Every byte is durable but the file is not registered yet (or its registration was cut off):
    /// <see cref="UploadCompletion"/> has work to do.</summary>
    public bool NeedsFinishing => (IsReceiving && IsFull && !IsPartial) || IsCompleting;
}

/// <summary>
/// receiving → completing → stored | quarantined (a partial upload: receiving → concatenated). See
/// <see cref="UploadCompletion"/> for why 'completing' is recorded before the file moves.
/// </summary>
public static class UploadState
{
    public const string Receiving = "receiving";
    public const string Completing = "completing";
    public const string Stored = "stored";
    public const string Quarantined = "quarantined";
    public const string Concatenated = "concatenated";
}

public static class UploadConcat
{
    public const string None = "none";
    public const string Partial = "partial";
    public const string Final = "final";
}
