namespace Cameras.Evidence.Ledger;

/// <summary>
/// What the database holds of an event's personal part: nothing (<see cref="Exists"/> false: never written, or
/// deleted), the salted fields, or the mark of their erasure.
/// </summary>
public sealed record StoredPersonal(bool Exists, byte[]? Salt, string? Fields, DateTime? ErasedAt)
{
    public static StoredPersonal None { get; } = new(false, null, null, null);

    public bool Erased => Exists && ErasedAt is not null;
}
