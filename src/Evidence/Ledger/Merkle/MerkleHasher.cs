using System.Security.Cryptography;

namespace Cameras.Evidence.Ledger;

/// <summary>
/// RFC 6962 / RFC 9162 hashing with SHA-256. Leaves and interior nodes get different
/// one-byte prefixes (0x00 and 0x01) so that a leaf can never be passed off as an
/// interior node (second-preimage defence).
/// </summary>
public static class MerkleHasher
{
    /// <summary>Size in bytes of every hash in the tree.</summary>
    public const int HashSize = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    // Above this size the leaf is streamed into an incremental hash instead of being
    // copied into a prefixed stack buffer, so large leaves never blow the stack.
    private const int MaxStackLeaf = 1024;

    /// <summary>
    /// MTH({}) = SHA-256 of the empty string, the root of a tree with no leaves.
    /// Stored as constant data so reading it never allocates.
    /// </summary>
    public static ReadOnlySpan<byte> EmptyRoot =>
    [
        0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
        0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
    ];

    /// <summary>Returns SHA-256(0x00 || data), the hash of a leaf entry.</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> data)
    {
        var result = new byte[HashSize];
        HashLeaf(data, result);
        return result;
    }

    /// <summary>Writes SHA-256(0x00 || data) into the first 32 bytes of <paramref name="destination"/>.</summary>
    /// <remarks><paramref name="destination"/> may overlap <paramref name="data"/>.</remarks>
    public static void HashLeaf(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        CheckDestination(destination);
        if (data.Length <= MaxStackLeaf)
        {
            // Sized to the data so short leaves do not pay for zeroing a 1 KiB buffer.
            Span<byte> buffer = stackalloc byte[1 + data.Length];
            buffer[0] = LeafPrefix;
            data.CopyTo(buffer[1..]);
            SHA256.HashData(buffer, destination);
            return;
        }

        using var incremental = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        incremental.AppendData([LeafPrefix]);
        incremental.AppendData(data);
        if (!incremental.TryGetHashAndReset(destination, out _))
        {
            // Unreachable: CheckDestination guaranteed the room.
            throw new CryptographicException("SHA-256 did not produce a hash.");
        }
    }

    /// <summary>Returns SHA-256(0x01 || left || right), the hash of an interior node.</summary>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var result = new byte[HashSize];
        HashChildren(left, right, result);
        return result;
    }

    /// <summary>Writes SHA-256(0x01 || left || right) into the first 32 bytes of <paramref name="destination"/>.</summary>
    /// <remarks>
    /// Both children must be 32-byte hashes: anything else is a caller bug, and rejecting it
    /// keeps the buffer on the stack. <paramref name="destination"/> may overlap either child,
    /// because the input is copied before hashing; callers rely on this to fold in place.
    /// </remarks>
    public static void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        CheckChild(left, nameof(left));
        CheckChild(right, nameof(right));
        CheckDestination(destination);

        Span<byte> buffer = stackalloc byte[1 + 2 * HashSize];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        SHA256.HashData(buffer, destination);
    }

    private static void CheckChild(ReadOnlySpan<byte> child, string name)
    {
        if (child.Length != HashSize)
        {
            throw new ArgumentException($"A child hash must be {HashSize} bytes, got {child.Length}.", name);
        }
    }

    private static void CheckDestination(Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException(
                $"Destination must hold at least {HashSize} bytes, got {destination.Length}.",
                nameof(destination));
        }
    }
}
