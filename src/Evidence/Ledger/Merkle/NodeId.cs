namespace Cameras.Evidence.Ledger;

/// <summary>
/// Address of a complete (perfect) subtree: the node at <see cref="Level"/> (0 = leaf) with
/// position <see cref="Index"/> among the nodes of that level. It covers the leaves
/// [Index * 2^Level, (Index + 1) * 2^Level). Once all those leaves exist its hash never
/// changes, which is what makes it safe to store and to cite in proofs.
/// </summary>
public readonly record struct NodeId
{
    /// <summary>Highest level whose nodes still have a leaf range that fits in a <see cref="long"/>.</summary>
    public const int MaxLevel = 62;

    /// <summary>Creates a node id, rejecting ids whose leaf range would not fit in a <see cref="long"/>.</summary>
    public NodeId(int level, long index)
    {
        if (level is < 0 or > MaxLevel)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"Level must be in [0, {MaxLevel}].");
        }

        // (index + 1) << level must not overflow, so End is always meaningful.
        if (index < 0 || index > (long.MaxValue >> level) - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Index is out of range for level {level}.");
        }

        Level = level;
        Index = index;
    }

    /// <summary>Height above the leaves; 0 for a leaf.</summary>
    public int Level { get; }

    /// <summary>Position among the nodes of the same level, counted from the left.</summary>
    public long Index { get; }

    /// <summary>First leaf covered (inclusive).</summary>
    public long Begin => Index << Level;

    /// <summary>One past the last leaf covered (exclusive).</summary>
    public long End => (Index + 1) << Level;

    /// <summary>Number of leaves covered, 2^Level.</summary>
    public long LeafCount => 1L << Level;

    /// <summary>The node one level up that contains this one.</summary>
    public NodeId Parent => new(Level + 1, Index >> 1);

    /// <summary>The other child of <see cref="Parent"/>.</summary>
    public NodeId Sibling => new(Level, Index ^ 1);

    /// <summary>Whether every leaf under this node exists in a tree of <paramref name="treeSize"/> leaves.</summary>
    public bool IsCompleteIn(long treeSize) => End <= treeSize;

    /// <summary>Compact "L{level}:{index}" form, handy in test output and logs.</summary>
    public override string ToString() => $"L{Level}:{Index}";
}
