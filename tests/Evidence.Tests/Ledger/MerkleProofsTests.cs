namespace Cameras.Evidence.Tests.Ledger;

using Cameras.Evidence.Ledger;

/// <summary>
/// Which nodes a proof needs. Expectations follow the node tables of transparency-dev/merkle's
/// proof tests, rewritten in this library's form: "Lx:i" is a complete node, "[..]" an
/// ephemeral entry listing its nodes left to right (folded right to left).
/// </summary>
public sealed class MerkleProofsTests
{
    [Theory]
    [InlineData(0, 1, "")]
    [InlineData(0, 2, "L0:1")]
    [InlineData(1, 2, "L0:0")]
    [InlineData(1, 3, "L0:0 L0:2")]
    [InlineData(0, 7, "L0:1 L1:1 [L1:2 L0:6]")]
    [InlineData(1, 7, "L0:0 L1:1 [L1:2 L0:6]")]
    [InlineData(2, 7, "L0:3 L1:0 [L1:2 L0:6]")]
    [InlineData(3, 7, "L0:2 L1:0 [L1:2 L0:6]")]
    [InlineData(4, 7, "L0:5 L0:6 L2:0")]
    [InlineData(5, 7, "L0:4 L0:6 L2:0")]
    [InlineData(6, 7, "L1:2 L2:0")]
    [InlineData(2, 4, "L0:3 L1:0")]
    [InlineData(3, 5, "L0:2 L1:0 L0:4")]
    [InlineData(3, 6, "L0:2 L1:0 L1:2")]
    [InlineData(4, 6, "L0:5 L2:0")]
    [InlineData(10, 15, "L0:11 L1:4 [L1:6 L0:14] L3:0")]
    [InlineData(24, 31, "L0:25 L1:13 [L1:14 L0:30] L3:2 L4:0")]
    [InlineData(81, 95, "L0:80 L1:41 L2:21 [L2:22 L1:46 L0:94] L4:4 L6:0")]
    public void Inclusion_plan(long index, long size, string expected)
    {
        Assert.Equal(expected, string.Join(' ', MerkleProofs.InclusionPlan(index, size)));
    }

    [Theory]
    [InlineData(1, 2, "L0:1")]
    [InlineData(1, 4, "L0:1 L1:1")]
    [InlineData(1, 6, "L0:1 L1:1 L1:2")]
    [InlineData(2, 3, "L0:2")]
    [InlineData(2, 8, "L1:1 L2:1")]
    [InlineData(3, 7, "L0:2 L0:3 L1:0 [L1:2 L0:6]")]
    [InlineData(4, 7, "[L1:2 L0:6]")]
    [InlineData(5, 7, "L0:4 L0:5 L0:6 L2:0")]
    [InlineData(6, 7, "L1:2 L0:6 L2:0")]
    [InlineData(7, 8, "L0:6 L0:7 L1:2 L2:0")]
    [InlineData(1, 1, "")]
    [InlineData(2, 2, "")]
    [InlineData(3, 3, "")]
    [InlineData(4, 4, "")]
    [InlineData(5, 5, "")]
    [InlineData(7, 7, "")]
    [InlineData(8, 8, "")]
    [InlineData(0, 5, "")]
    [InlineData(2, 4, "L1:1")]
    [InlineData(3, 5, "L0:2 L0:3 L1:0 L0:4")]
    [InlineData(3, 6, "L0:2 L0:3 L1:0 L1:2")]
    [InlineData(4, 6, "L1:2")]
    [InlineData(1, 7, "L0:1 L1:1 [L1:2 L0:6]")]
    [InlineData(10, 15, "L1:4 L1:5 [L1:6 L0:14] L3:0")]
    [InlineData(24, 31, "L3:2 [L2:6 L1:14 L0:30] L4:0")]
    [InlineData(81, 95, "L0:80 L0:81 L1:41 L2:21 [L2:22 L1:46 L0:94] L4:4 L6:0")]
    public void Consistency_plan(long size1, long size2, string expected)
    {
        Assert.Equal(expected, string.Join(' ', MerkleProofs.ConsistencyPlan(size1, size2)));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 0)]
    [InlineData(8, 7)]
    [InlineData(-1, 5)]
    public void Inclusion_plan_rejects_bad_arguments(long index, long size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.InclusionPlan(index, size));
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(9, 8)]
    [InlineData(-1, 8)]
    public void Consistency_plan_rejects_bad_arguments(long size1, long size2)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleProofs.ConsistencyPlan(size1, size2));
    }

    [Fact]
    public void Flat_node_lists_concatenate_the_plan()
    {
        Assert.Equal(
            [new NodeId(0, 80), new NodeId(1, 41), new NodeId(2, 21), new NodeId(2, 22), new NodeId(1, 46), new NodeId(0, 94), new NodeId(4, 4), new NodeId(6, 0)],
            MerkleProofs.InclusionNodes(81, 95));
        Assert.Equal([new NodeId(1, 2), new NodeId(0, 6)], MerkleProofs.ConsistencyNodes(4, 7));
    }

    [Theory]
    [InlineData(0, 0, "")]
    [InlineData(0, 1, "L0:0")]
    [InlineData(0, 7, "L2:0 L1:2 L0:6")]
    [InlineData(0, 8, "L3:0")]
    [InlineData(3, 13, "L0:3 L2:1 L2:2 L0:12")]
    [InlineData(6, 7, "L0:6")]
    public void Range_nodes(long begin, long end, string expected)
    {
        Assert.Equal(expected, string.Join(' ', MerkleProofs.RangeNodes(begin, end)));
    }

    [Fact]
    public void Large_sizes_plan_without_overflow()
    {
        const long size = long.MaxValue;
        var plan = MerkleProofs.InclusionPlan(size - 1, size);
        Assert.Equal(62, plan.Count);
        Assert.All(plan, entry => Assert.False(entry.IsEphemeral));

        // Anchor L0:(size-3), its sibling, the last leaf on the right, then 61 left peaks.
        var consistency = MerkleProofs.ConsistencyPlan(size - 2, size);
        Assert.Equal(64, consistency.Count);
        Assert.Equal(new ProofEntry(new NodeId(0, size - 3)), consistency[0]);
        Assert.Equal(new ProofEntry(new NodeId(0, size - 1)), consistency[2]);
    }

    [Fact]
    public void Proof_entry_rejects_nodes_that_do_not_fold_to_a_subtree()
    {
        Assert.Throws<ArgumentException>(() => new ProofEntry([]));
        Assert.Throws<ArgumentException>(() => new ProofEntry([new NodeId(0, 6), new NodeId(1, 2)]));
        Assert.Throws<ArgumentException>(() => new ProofEntry([new NodeId(1, 2), new NodeId(0, 7)]));
        Assert.Throws<ArgumentException>(() => new ProofEntry([new NodeId(1, 2), new NodeId(1, 3)]));
        Assert.Equal(new ProofEntry([new NodeId(1, 2), new NodeId(0, 6)]), new ProofEntry([new NodeId(1, 2), new NodeId(0, 6)]));
    }
}
