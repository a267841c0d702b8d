namespace Cameras.Evidence.Tests.Ledger;

using Cameras.Evidence.Ledger;

/// <summary>
/// A tree built twice: by <see cref="CompactRange"/>, whose callback stores every complete
/// node (the way a ledger would persist them), and by <see cref="NaiveMerkleTree"/> as oracle.
/// </summary>
internal sealed class TreeFixture
{
    private readonly Dictionary<NodeId, byte[]> _nodes = [];

    public TreeFixture(IReadOnlyList<byte[]> leafData)
    {
        LeafData = leafData;
        Naive = new NaiveMerkleTree(leafData);
        Range = new CompactRange((id, hash) => _nodes.Add(id, hash.ToArray()));
    }

    public IReadOnlyList<byte[]> LeafData { get; }

    public NaiveMerkleTree Naive { get; }

    public CompactRange Range { get; }

    public IReadOnlyDictionary<NodeId, byte[]> Nodes => _nodes;

    /// <summary>Node lookup for the proof builders; throws on an unknown (e.g. incomplete) node.</summary>
    public byte[] GetNode(NodeId id) =>
        _nodes.TryGetValue(id, out var hash) ? hash : throw new KeyNotFoundException($"Node {id} was never created.");

    public static TreeFixture Random(int size, int seed)
    {
        var random = new Random(seed);
        var leaves = new byte[size][];
        for (var i = 0; i < size; i++)
        {
            leaves[i] = new byte[random.Next(0, 65)];
            random.NextBytes(leaves[i]);
        }

        return new TreeFixture(leaves);
    }

    /// <summary>Appends every leaf to the compact range.</summary>
    public TreeFixture AppendAll()
    {
        foreach (var data in LeafData)
        {
            Range.Append(MerkleHasher.HashLeaf(data));
        }

        return this;
    }
}
