using System.Numerics;

namespace Cameras.Evidence.Ledger;

/// <summary>
/// Says which stored nodes an RFC 6962 / RFC 9162 proof is made of, without touching storage.
/// </summary>
/// <remarks>
/// Every proof here is "the path from some complete node up to the root": first the
/// siblings of its ancestors while those ancestors are complete, then (at the "fork", the
/// highest complete ancestor) at most one ephemeral entry for the incomplete subtree to its
/// right, then the complete subtrees to its left, nearest first. Entries are in the order
/// RFC 6962 PATH / PROOF emit them, so they can be sent as-is once hashed.
/// </remarks>
public static class MerkleProofs
{
    /// <summary>Plan of PATH(index, D[0:size]); requires 0 &lt;= index &lt; size.</summary>
    public static IReadOnlyList<ProofEntry> InclusionPlan(long index, long size)
    {
        if (size <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "An inclusion proof needs a non-empty tree.");
        }

        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Leaf index must be in [0, {size}).");
        }

        var entries = new List<ProofEntry>();
        AppendPath(new NodeId(0, index), size, entries);
        return entries;
    }

    /// <summary>
    /// Plan of PROOF(size1, D[0:size2]); requires 0 &lt;= size1 &lt;= size2. The plan is empty
    /// when size1 is 0 or equals size2, matching what <see cref="MerkleVerifier"/> accepts.
    /// </summary>
    public static IReadOnlyList<ProofEntry> ConsistencyPlan(long size1, long size2)
    {
        if (size1 < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size1), size1, "Tree size cannot be negative.");
        }

        if (size2 < size1)
        {
            throw new ArgumentOutOfRangeException(nameof(size2), size2, $"Second size must be >= first size {size1}.");
        }

        var entries = new List<ProofEntry>();
        if (size1 == 0 || size1 == size2)
        {
            return entries;
        }

        // The proof is anchored at the last peak of the old tree: the rightmost complete
        // subtree that ends at size1. The verifier derives the old root from it and the
        // left-side entries, and the new root by following the same path further up.
        var level = BitOperations.TrailingZeroCount(size1);
        var anchor = new NodeId(level, (size1 - 1) >> level);

        // When size1 is a power of two the anchor is the whole old tree, whose root the
        // verifier already holds, so RFC 6962 leaves it out.
        if (!BitOperations.IsPow2(size1))
        {
            entries.Add(new ProofEntry(anchor));
        }

        AppendPath(anchor, size2, entries);
        return entries;
    }

    /// <summary>All complete nodes an inclusion proof needs, in plan order (handy for one batched read).</summary>
    public static IReadOnlyList<NodeId> InclusionNodes(long index, long size) => Flatten(InclusionPlan(index, size));

    /// <summary>All complete nodes a consistency proof needs, in plan order (handy for one batched read).</summary>
    public static IReadOnlyList<NodeId> ConsistencyNodes(long size1, long size2) => Flatten(ConsistencyPlan(size1, size2));

    /// <summary>
    /// The fewest complete nodes covering leaves [begin, end), left to right. For begin = 0 these
    /// are the peaks of a tree of size end; MTH(D[0:end]) is their right-to-left fold.
    /// </summary>
    public static IReadOnlyList<NodeId> RangeNodes(long begin, long end)
    {
        if (begin < 0 || end < begin)
        {
            throw new ArgumentOutOfRangeException(nameof(end), $"Invalid leaf range [{begin}, {end}).");
        }

        var nodes = new List<NodeId>(BitOperations.PopCount((ulong)(end - begin)) + 1);
        while (begin < end)
        {
            // The biggest node starting at begin is limited by begin's alignment and by the
            // room left before end. end - begin < 2^63, so the level is at most 62.
            var alignment = begin == 0 ? NodeId.MaxLevel : BitOperations.TrailingZeroCount(begin);
            var room = BitOperations.Log2((ulong)(end - begin));
            var level = Math.Min(alignment, room);
            nodes.Add(new NodeId(level, begin >> level));
            begin += 1L << level;
        }

        return nodes;
    }

    /// <summary>Appends the path from complete <paramref name="node"/> to the root of a tree of <paramref name="size"/>.</summary>
    private static void AppendPath(NodeId node, long size, List<ProofEntry> entries)
    {
        // Seen from node's level, the tree has size >> level complete nodes and node is
        // one of them. The highest complete ancestor (the fork) sits as many levels up as
        // the highest bit where node.Index and that count differ: above that bit they agree,
        // so the ancestor one level higher would extend past the end of the tree.
        var climb = BitOperations.Log2((ulong)(node.Index ^ (size >> node.Level)));

        for (var step = 0; step < climb; step++)
        {
            entries.Add(new ProofEntry(new NodeId(node.Level + step, (node.Index >> step) ^ 1)));
        }

        var fork = new NodeId(node.Level + climb, node.Index >> climb);

        // The fork's right neighbour in the RFC tree is MTH(D[fork.End:size]); it is only a
        // stored node when that range happens to be one perfect subtree.
        if (fork.End < size)
        {
            entries.Add(new ProofEntry(RangeNodes(fork.End, size)));
        }

        // Above the fork the path runs up the right border, so each further sibling is a
        // complete subtree to the left: the peaks of [0, fork.Begin), nearest (smallest) first.
        var left = RangeNodes(0, fork.Begin);
        for (var i = left.Count - 1; i >= 0; i--)
        {
            entries.Add(new ProofEntry(left[i]));
        }
    }

    private static List<NodeId> Flatten(IReadOnlyList<ProofEntry> plan)
    {
        var nodes = new List<NodeId>(plan.Count + 4);
        foreach (var entry in plan)
        {
            nodes.AddRange(entry.Nodes);
        }

        return nodes;
    }
}
