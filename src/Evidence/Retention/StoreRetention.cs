using Cameras.Evidence.Storage;

namespace Cameras.Evidence.Retention;

/// <summary>
/// Mirrors the catalog's retention rules into the object store where the store can enforce them itself
/// (<see cref="IRetentionLock"/>: S3 Object Lock), so an original cannot be removed before its deletion date or
/// while a legal hold stands, even by someone with the store's credentials. Elsewhere it does nothing.
/// </summary>
public sealed class StoreRetention(IObjectStore store)
{
    /// <summary>Whether the store enforces the rules too (shown to administrators, and decides what tests expect).</summary>
    public bool Enforced => store is IRetentionLock;

    public Task LockUntilAsync(string key, DateTimeOffset deleteAfter, CancellationToken cancellationToken) =>
        store is IRetentionLock locks ? locks.LockUntilAsync(key, deleteAfter, cancellationToken) : Task.CompletedTask;

    public Task HoldAsync(string key, bool on, CancellationToken cancellationToken) =>
        store is IRetentionLock locks ? locks.SetLegalHoldAsync(key, on, cancellationToken) : Task.CompletedTask;
}
