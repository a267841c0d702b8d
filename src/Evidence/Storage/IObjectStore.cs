namespace Cameras.Evidence.Storage;

/// <summary>
/// Write-once object storage: an object becomes visible only when its writer commits, and a key,
/// once committed, is never written again (evidence is never overwritten). Only the retention
/// purge deletes.
/// </summary>
public interface IObjectStore
{
    /// <summary>Size and time of an object, or null when there is none.</summary>
    Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken);

    /// <summary>Streams <paramref name="length"/> bytes (all that remain when null) from <paramref name="offset"/>.</summary>
    /// <exception cref="ObjectNotFoundException">no such object</exception>
    Task<Stream> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken);

    /// <summary>Starts a write that nobody sees until <see cref="ObjectWriter.CommitAsync"/>.</summary>
    Task<ObjectWriter> OpenWriteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Objects whose key starts with <paramref name="prefix"/>, in key order.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes an object; for the retention purge only. No error when it is already gone.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot be reached; used by readiness checks.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
