namespace Cameras.Evidence.Ledger;

/// <summary>
/// One hash of an RFC 6962 proof, described by the complete nodes it is made of.
/// </summary>
/// <remarks>
/// Most entries are a single complete node. Some are the hash of an incomplete subtree on
/// the right border of the tree (an "ephemeral" node): no such node is ever stored, because
/// its hash changes as leaves are appended, so it is described here as the complete nodes
/// that cover its leaves, left to right with strictly decreasing levels. Its hash is
/// MTH of that range, obtained by folding the node hashes right to left with
/// <see cref="MerkleHasher.HashChildren(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.
/// </remarks>
public sealed record ProofEntry
{
    private readonly NodeId[] _nodes;

    /// <summary>Creates an entry covering the given contiguous complete nodes.</summary>
    /// <exception cref="ArgumentException">The nodes are empty, not contiguous, or not
    /// strictly decreasing in level (then right-to-left folding would not give the RFC hash).</exception>
    public ProofEntry(IEnumerable<NodeId> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        _nodes = nodes.ToArray();
        if (_nodes.Length == 0)
        {
            throw new ArgumentException("A proof entry needs at least one node.", nameof(nodes));
        }

        for (var i = 1; i < _nodes.Length; i++)
        {
            if (_nodes[i].Begin != _nodes[i - 1].End || _nodes[i].Level >= _nodes[i - 1].Level)
            {
                throw new ArgumentException(
                    $"Nodes must be contiguous with strictly decreasing levels; {_nodes[i - 1]} then {_nodes[i]}.",
                    nameof(nodes));
            }
        }
    }

    /// <summary>Creates an entry that is exactly one complete node.</summary>
    public ProofEntry(NodeId node)
    {
        _nodes = [node];
    }

    /// <summary>The complete nodes to fetch, left to right.</summary>
    public IReadOnlyList<NodeId> Nodes => _nodes;

    /// <summary>True when the entry is the hash of an incomplete subtree built from several nodes.</summary>
    public bool IsEphemeral => _nodes.Length > 1;

    /// <summary>First leaf covered (inclusive).</summary>
    public long Begin => _nodes[0].Begin;

    /// <summary>One past the last leaf covered (exclusive).</summary>
    public long End => _nodes[^1].End;

    /// <summary>Value equality on the node list.</summary>
    public bool Equals(ProofEntry? other) =>
        other is not null && _nodes.AsSpan().SequenceEqual(other._nodes);

    /// <summary>Hash code consistent with <see cref="Equals(ProofEntry?)"/>.</summary>
    public override int GetHashCode()
    {
        var code = new HashCode();
        foreach (var node in _nodes)
        {
            code.Add(node);
        }

        return code.ToHashCode();
    }

    /// <summary>"L1:2" for a single node, "[L1:2 L0:6]" for an ephemeral one.</summary>
    public override string ToString() =>
        IsEphemeral ? $"[{string.Join(' ', _nodes)}]" : _nodes[0].ToString();
}
