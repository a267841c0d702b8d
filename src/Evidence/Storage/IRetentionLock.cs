namespace Cameras.Evidence.Storage;

/// <summary>
/// A store that can itself refuse to delete an object before a date, or while a legal hold stands (S3 Object
/// Lock in compliance mode), so even an administrator of the store cannot remove evidence early. Detected
/// with <c>is</c>; where a store lacks it, the catalog's own rules are the only guard.
/// </summary>
public interface IRetentionLock
{
    /// <summary>Keeps <paramref name="key"/> undeletable until <paramref name="until"/>; a lock can be lengthened, never shortened.</summary>
    Task LockUntilAsync(string key, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Places or lifts the store's legal hold on <paramref name="key"/>.</summary>
    Task SetLegalHoldAsync(string key, bool on, CancellationToken cancellationToken);
}
