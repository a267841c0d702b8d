using System.Numerics;

namespace Cameras.Evidence.Ledger;

/// <summary>
/// Append-only RFC 6962 tree state that keeps only the right border: the roots ("peaks") of
/// the perfect subtrees that make up the tree, one per set bit of <see cref="Size"/>. That is
/// all that is needed to append further leaves and to compute the current root, in
/// O(log n) memory, so the full tree never has to be held or re-read.
/// </summary>
/// <remarks>Not thread-safe: a ledger has a single appender, so no locking is paid for.</remarks>
public sealed class CompactRange
{
    private const int HashSize = MerkleHasher.HashSize;

    // A long size has at most 63 set bits, hence at most 63 peaks.
    private const int MaxPeaks = 63;

    // Peak hashes, left (largest subtree) to right, packed back to back so that appending
    // allocates nothing and stays cache friendly.
    private readonly byte[] _peaks = new byte[MaxPeaks * HashSize];
    private readonly Action<NodeId, ReadOnlySpan<byte>>? _nodeCreated;
    private int _peakCount;

    /// <summary>Creates an empty range.</summary>
    /// <param name="nodeCreated">
    /// Optional; called for every complete node the range creates (each appended leaf at
    /// level 0, then every parent completed by it), so a caller can persist the levels it
    /// chooses. The hash span is only valid during the call. It is invoked after the append
    /// is committed: if it throws, the leaf is already part of the range.
    /// </param>
    public CompactRange(Action<NodeId, ReadOnlySpan<byte>>? nodeCreated = null)
    {
        _nodeCreated = nodeCreated;
    }

    /// <summary>Resumes a range from persisted state, e.g. <see cref="GetPeaks"/> of an earlier instance.</summary>
    /// <param name="size">Number of leaves the peaks cover.</param>
    /// <param name="peakHashes">Peak hashes left to right, as listed by <see cref="PeakIds"/>.</param>
    /// <param name="nodeCreated">See <see cref="CompactRange(Action{NodeId, ReadOnlySpan{byte}})"/>.</param>
    public CompactRange(long size, IEnumerable<byte[]> peakHashes, Action<NodeId, ReadOnlySpan<byte>>? nodeCreated = null)
        : this(nodeCreated)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(peakHashes);

        var expected = BitOperations.PopCount((ulong)size);
        foreach (var hash in peakHashes)
        {
            if (_peakCount == expected)
            {
                throw new ArgumentException($"Size {size} has {expected} peaks, got more.", nameof(peakHashes));
            }

            if (hash is null || hash.Length != HashSize)
            {
                throw new ArgumentException($"Peak {_peakCount} is not a {HashSize}-byte hash.", nameof(peakHashes));
            }

            hash.CopyTo(Slot(_peakCount++));
        }

        if (_peakCount != expected)
        {
            throw new ArgumentException($"Size {size} has {expected} peaks, got {_peakCount}.", nameof(peakHashes));
        }

        Size = size;
    }

    /// <summary>Number of leaves appended so far.</summary>
    public long Size { get; private set; }

    /// <summary>The peak ids of a tree with <paramref name="size"/> leaves, left to right.</summary>
    public static IReadOnlyList<NodeId> PeakIds(long size) => MerkleProofs.RangeNodes(0, size);

    /// <summary>Appends one leaf hash (already SHA-256(0x00 || data), see <see cref="MerkleHasher.HashLeaf(ReadOnlySpan{byte})"/>).</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != HashSize)
        {
            throw new ArgumentException($"A leaf hash must be {HashSize} bytes, got {leafHash.Length}.", nameof(leafHash));
        }

        if (Size == long.MaxValue)
        {
            throw new InvalidOperationException("The tree is full.");
        }

        var index = Size;

        // Each trailing 1 bit of the old size is a peak of equal size that the new node now
        // completes: merge them right to left. The chain of created nodes is kept on the stack
        // so the callback can see every one, and so nothing changes until all hashing is done.
        var merges = BitOperations.TrailingZeroCount(~index);
        Span<byte> chain = stackalloc byte[(merges + 1) * HashSize];
        leafHash.CopyTo(chain);
        for (var k = 1; k <= merges; k++)
        {
            MerkleHasher.HashChildren(
                Slot(_peakCount - k),
                chain.Slice((k - 1) * HashSize, HashSize),
                chain.Slice(k * HashSize, HashSize));
        }

        _peakCount -= merges;
        chain.Slice(merges * HashSize, HashSize).CopyTo(Slot(_peakCount++));
        Size = index + 1;

        if (_nodeCreated is not null)
        {
            for (var k = 0; k <= merges; k++)
            {
                _nodeCreated(new NodeId(k, index >> k), chain.Slice(k * HashSize, HashSize));
            }
        }
    }

    /// <summary>Appends leaf hashes in order.</summary>
    public void AppendRange(IEnumerable<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        foreach (var leafHash in leafHashes)
        {
            Append(leafHash);
        }
    }

    /// <summary>Appends leaf hashes stored back to back (a multiple of 32 bytes), e.g. a column read from storage.</summary>
    public void AppendRange(ReadOnlySpan<byte> concatenatedLeafHashes)
    {
        if (concatenatedLeafHashes.Length % HashSize != 0)
        {
            throw new ArgumentException(
                $"Length {concatenatedLeafHashes.Length} is not a multiple of {HashSize}.", nameof(concatenatedLeafHashes));
        }

        for (var offset = 0; offset < concatenatedLeafHashes.Length; offset += HashSize)
        {
            Append(concatenatedLeafHashes.Slice(offset, HashSize));
        }
    }

    /// <summary>RFC 6962 MTH(D[0:Size]); the empty-tree hash when nothing was appended.</summary>
    public byte[] GetRootHash()
    {
        var root = new byte[HashSize];
        GetRootHash(root);
        return root;
    }

    /// <summary>Writes MTH(D[0:Size]) into the first 32 bytes of <paramref name="destination"/>.</summary>
    public void GetRootHash(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, HashSize, nameof(destination));
        if (_peakCount == 0)
        {
            MerkleHasher.EmptyRoot.CopyTo(destination);
            return;
        }

        // The RFC splits off the largest power of two on the left at every step, which is the
        // leftmost remaining peak, so MTH is the peaks folded from the right.
        Slot(_peakCount - 1).CopyTo(destination);
        for (var i = _peakCount - 2; i >= 0; i--)
        {
            MerkleHasher.HashChildren(Slot(i), destination[..HashSize], destination);
        }
    }

    /// <summary>A copy of the current peaks, left to right, suitable for persisting and resuming.</summary>
    public IReadOnlyList<NodeHash> GetPeaks()
    {
        var ids = PeakIds(Size);
        var peaks = new NodeHash[ids.Count];
        for (var i = 0; i < peaks.Length; i++)
        {
            peaks[i] = new NodeHash(ids[i], Slot(i).ToArray());
        }

        return peaks;
    }

    private Span<byte> Slot(int peak) => _peaks.AsSpan(peak * HashSize, HashSize);
}
