namespace Cameras.Ingest.Uploads;

/// <summary>Where an append stopped and the durable offset it left.</summary>
public sealed record AppendOutcome(long Offset, AppendStop Stop);

public enum AppendStop
{
    /// <summary>The body ended; everything received is durable.</summary>
    EndOfBody,
    /// <summary>The connection failed or a newcomer took the lease; what arrived whole is durable.</summary>
    Interrupted,
    /// <summary>The chunk's Upload-Checksum did not match: the chunk was discarded.</summary>
    ChecksumMismatch,
    /// <summary>The body ran past the upload's length: the chunk was discarded.</summary>
    TooLarge,
}
