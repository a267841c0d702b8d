namespace Cameras.Evidence.Tests.Ledger;

using Cameras.Evidence.Ledger;

public sealed class NodeIdTests
{
    [Theory]
    [InlineData(0, 5, 5, 6)]
    [InlineData(1, 2, 4, 6)]
    [InlineData(3, 1, 8, 16)]
    [InlineData(62, 0, 0, 1L << 62)]
    public void Covers_the_expected_leaves(int level, long index, long begin, long end)
    {
        var id = new NodeId(level, index);
        Assert.Equal(begin, id.Begin);
        Assert.Equal(end, id.End);
        Assert.Equal(end - begin, id.LeafCount);
    }

    [Fact]
    public void Parent_and_sibling()
    {
        var id = new NodeId(1, 5);
        Assert.Equal(new NodeId(2, 2), id.Parent);
        Assert.Equal(new NodeId(1, 4), id.Sibling);
        Assert.True(id.IsCompleteIn(12));
        Assert.False(id.IsCompleteIn(11));
        Assert.Equal("L1:5", id.ToString());
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(63, 0)]
    [InlineData(0, -1)]
    [InlineData(62, 1)]
    [InlineData(0, long.MaxValue)]
    public void Rejects_ids_whose_range_does_not_fit(int level, long index)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NodeId(level, index));
    }
}
