namespace Cameras.Evidence.Tests.Ledger;

using Cameras.Evidence.Ledger;

public sealed class MerkleProofBuilderTests
{
    private static readonly TreeFixture Tree = TreeFixture.Random(40, 9).AppendAll();

    [Fact]
    public void Historical_roots_come_from_stored_nodes()
    {
        for (var size = 0; size <= 40; size++)
        {
            Assert.Equal(Tree.Naive.Root(size), MerkleProofBuilder.BuildRootHash(size, Tree.GetNode));
        }
    }

    [Fact]
    public void Ephemeral_entries_are_folded_right_to_left()
    {
        // Leaf 0 of 7: the third entry stands for leaves [4, 7), built from L1:2 and L0:6.
        var plan = MerkleProofs.InclusionPlan(0, 7);
        Assert.True(plan[2].IsEphemeral);
        var proof = MerkleProofBuilder.Materialize(plan, Tree.GetNode);
        Assert.Equal(MerkleHasher.HashChildren(Tree.GetNode(new NodeId(1, 2)), Tree.GetNode(new NodeId(0, 6))), proof[2]);
        Assert.Equal(Tree.Naive.Mth(4, 7), proof[2]);
    }

    [Fact]
    public void Proof_hashes_do_not_alias_stored_nodes()
    {
        var proof = MerkleProofBuilder.BuildInclusionProof(0, 2, Tree.GetNode);
        proof[0][0] ^= 0xff;
        Assert.Equal(Tree.Naive.LeafHash(1), Tree.GetNode(new NodeId(0, 1)));
    }

    [Fact]
    public void Bad_node_lookups_are_reported()
    {
        Assert.Throws<InvalidOperationException>(() => MerkleProofBuilder.BuildInclusionProof(0, 2, _ => new byte[3]));
        Assert.Throws<InvalidOperationException>(() => MerkleProofBuilder.BuildConsistencyProof(1, 2, _ => null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofBuilder.BuildInclusionProof(2, 2, Tree.GetNode));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofBuilder.BuildRootHash(-1, Tree.GetNode));
    }
}
