namespace Cameras.Evidence.Ledger;

/// <summary>
/// Turns the plans of <see cref="MerkleProofs"/> into proof hashes, reading complete nodes
/// through a caller-supplied delegate so that storage stays the caller's business.
/// </summary>
/// <remarks>
/// The delegate must return the 32-byte hash of the requested complete node. It is never
/// asked for an incomplete node, so anything persisted once (by leaf count) stays valid.
/// Returned hashes are fresh arrays: callers may mutate the proof without corrupting a
/// node cache that handed out its own arrays.
/// </remarks>
public static class MerkleProofBuilder
{
    /// <summary>RFC 6962 PATH(index, D[0:size]); requires 0 &lt;= index &lt; size.</summary>
    public static byte[][] BuildInclusionProof(long index, long size, Func<NodeId, byte[]> getNode) =>
        Materialize(MerkleProofs.InclusionPlan(index, size), getNode);

    /// <summary>RFC 6962 PROOF(size1, D[0:size2]); requires 0 &lt;= size1 &lt;= size2 (empty when size1 is 0 or size2).</summary>
    public static byte[][] BuildConsistencyProof(long size1, long size2, Func<NodeId, byte[]> getNode) =>
        Materialize(MerkleProofs.ConsistencyPlan(size1, size2), getNode);

    /// <summary>
    /// MTH(D[0:size]) from stored complete nodes: the right-to-left fold of the peaks of
    /// <paramref name="size"/>. Lets a caller obtain any historical root without replaying leaves.
    /// </summary>
    public static byte[] BuildRootHash(long size, Func<NodeId, byte[]> getNode)
    {
        ArgumentNullException.ThrowIfNull(getNode);
        if (size < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "Tree size cannot be negative.");
        }

        if (size == 0)
        {
            return MerkleHasher.EmptyRoot.ToArray();
        }

        var result = new byte[MerkleHasher.HashSize];
        Fold(MerkleProofs.RangeNodes(0, size), getNode, result);
        return result;
    }

    /// <summary>Hashes each entry of a plan: single nodes are fetched, ephemeral ones folded.</summary>
    public static byte[][] Materialize(IReadOnlyList<ProofEntry> plan, Func<NodeId, byte[]> getNode)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(getNode);

        var proof = new byte[plan.Count][];
        for (var i = 0; i < plan.Count; i++)
        {
            var hash = new byte[MerkleHasher.HashSize];
            Fold(plan[i].Nodes, getNode, hash);
            proof[i] = hash;
        }

        return proof;
    }

    /// <summary>
    /// Writes MTH of the leaves covered by <paramref name="nodes"/> into <paramref name="destination"/>.
    /// The nodes have strictly decreasing levels, so RFC 6962 splits that range exactly between
    /// the first node and the rest: folding from the right reproduces MTH.
    /// </summary>
    private static void Fold(IReadOnlyList<NodeId> nodes, Func<NodeId, byte[]> getNode, Span<byte> destination)
    {
        Fetch(nodes[^1], getNode).CopyTo(destination);
        for (var i = nodes.Count - 2; i >= 0; i--)
        {
            MerkleHasher.HashChildren(Fetch(nodes[i], getNode), destination, destination);
        }
    }

    private static byte[] Fetch(NodeId id, Func<NodeId, byte[]> getNode)
    {
        var hash = getNode(id);
        if (hash is null || hash.Length != MerkleHasher.HashSize)
        {
            throw new InvalidOperationException(
                $"Node {id} lookup returned {(hash is null ? "null" : $"{hash.Length} bytes")}, expected {MerkleHasher.HashSize} bytes.");
        }

        return hash;
    }
}
