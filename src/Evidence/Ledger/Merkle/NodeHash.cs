namespace Cameras.Evidence.Ledger;

/// <summary>A complete node together with its hash, e.g. one peak of a <see cref="CompactRange"/>.</summary>
/// <remarks>
/// Equality compares the hash bytes, not the array reference, so two reads of the same
/// persisted node compare equal.
/// </remarks>
public sealed record NodeHash(NodeId Id, byte[] Hash)
{
    /// <summary>Value equality on the id and the hash bytes.</summary>
    public bool Equals(NodeHash? other) =>
        other is not null && Id == other.Id && Hash.AsSpan().SequenceEqual(other.Hash);

    /// <summary>Hash code consistent with <see cref="Equals(NodeHash?)"/>.</summary>
    public override int GetHashCode()
    {
        var code = new HashCode();
        code.Add(Id);
        code.AddBytes(Hash);
        return code.ToHashCode();
    }

    /// <summary>Id and lower-case hex hash.</summary>
    public override string ToString() => $"{Id}={Convert.ToHexStringLower(Hash)}";
}
