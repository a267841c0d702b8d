namespace Cameras.Evidence.Tests.Ledger;

using Cameras.Evidence.Ledger;

/// <summary>Published RFC 6962 vectors, checked against the range, the builders and the verifier.</summary>
public sealed class Rfc6962VectorTests
{
    private static readonly TreeFixture Tree = new TreeFixture(Rfc6962Vectors.LeafBytes()).AppendAll();

    public static TheoryData<long, long, string[]> InclusionVectors => Rfc6962Vectors.Inclusion;

    public static TheoryData<long, long, string[]> ConsistencyVectors => Rfc6962Vectors.Consistency;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Roots_match_vectors(int size)
    {
        var expected = Rfc6962Vectors.Roots[size - 1];

        var range = new CompactRange();
        range.AppendRange(Rfc6962Vectors.LeafBytes().Take(size).Select(d => MerkleHasher.HashLeaf(d)));

        Assert.Equal(expected, Convert.ToHexStringLower(range.GetRootHash()));
        Assert.Equal(expected, Convert.ToHexStringLower(Tree.Naive.Root(size)));
        Assert.Equal(expected, Convert.ToHexStringLower(MerkleProofBuilder.BuildRootHash(size, Tree.GetNode)));
    }

    [Fact]
    public void Empty_tree_root_is_hash_of_empty_string()
    {
        const string expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        Assert.Equal(expected, Convert.ToHexStringLower(new CompactRange().GetRootHash()));
        Assert.Equal(expected, Convert.ToHexStringLower(MerkleProofBuilder.BuildRootHash(0, Tree.GetNode)));
        Assert.Equal(expected, Convert.ToHexStringLower(Tree.Naive.Root(0)));
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void Inclusion_vector_is_built_exactly(long index, long size, string[] proof)
    {
        var built = MerkleProofBuilder.BuildInclusionProof(index, size, Tree.GetNode);
        Assert.Equal(proof, built.Select(Convert.ToHexStringLower));
        Assert.Equal(proof, Tree.Naive.Path((int)index, (int)size).Select(Convert.ToHexStringLower));
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void Inclusion_vector_verifies(long index, long size, string[] proof)
    {
        var leaf = Tree.Naive.LeafHash((int)index);
        var root = Rfc6962Vectors.Root(size);
        var decoded = Rfc6962Vectors.Decode(proof);

        Assert.Null(MerkleVerifier.VerifyInclusion(index, size, leaf, decoded, root));

        var computed = new byte[MerkleHasher.HashSize];
        Assert.Null(MerkleVerifier.RootFromInclusionProof(index, size, leaf, decoded, computed));
        Assert.Equal(root, computed);
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void Inclusion_vector_rejects_every_corruption(long index, long size, string[] proof)
    {
        var leaf = Tree.Naive.LeafHash((int)index);
        var root = Rfc6962Vectors.Root(size);
        foreach (var (name, probe) in Corruptions.OfInclusion(index, size, leaf, Rfc6962Vectors.Decode(proof), root))
        {
            Assert.True(probe() is not null, $"Corruption '{name}' of inclusion {index}/{size} verified.");
        }
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void Consistency_vector_is_built_exactly(long size1, long size2, string[] proof)
    {
        var built = MerkleProofBuilder.BuildConsistencyProof(size1, size2, Tree.GetNode);
        Assert.Equal(proof, built.Select(Convert.ToHexStringLower));
        Assert.Equal(proof, Tree.Naive.Proof((int)size1, (int)size2).Select(Convert.ToHexStringLower));
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void Consistency_vector_verifies(long size1, long size2, string[] proof)
    {
        var error = MerkleVerifier.VerifyConsistency(
            size1, size2, Rfc6962Vectors.Decode(proof), Rfc6962Vectors.Root(size1), Rfc6962Vectors.Root(size2));
        Assert.Null(error);
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void Consistency_vector_rejects_every_corruption(long size1, long size2, string[] proof)
    {
        var probes = Corruptions.OfConsistency(
            size1, size2, Rfc6962Vectors.Decode(proof), Rfc6962Vectors.Root(size1), Rfc6962Vectors.Root(size2));
        foreach (var (name, probe) in probes)
        {
            Assert.True(probe() is not null, $"Corruption '{name}' of consistency {size1}->{size2} verified.");
        }
    }
}
