using System.Security.Cryptography;

namespace Cameras.Evidence.Tests.Ledger;

using Cameras.Evidence.Ledger;

public sealed class MerkleHasherTests
{
    [Fact]
    public void Empty_root_is_sha256_of_nothing() =>
        Assert.Equal(SHA256.HashData(ReadOnlySpan<byte>.Empty), MerkleHasher.EmptyRoot.ToArray());

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(100_000)]
    public void Leaf_hash_is_sha256_of_zero_prefix_and_data(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);

        var expected = SHA256.HashData([0x00, .. data]);
        Assert.Equal(expected, MerkleHasher.HashLeaf(data));

        var destination = new byte[40];
        MerkleHasher.HashLeaf(data, destination);
        Assert.Equal(expected, destination[..32]);
    }

    [Fact]
    public void Children_hash_is_sha256_of_one_prefix_left_and_right()
    {
        var left = MerkleHasher.HashLeaf("left"u8);
        var right = MerkleHasher.HashLeaf("right"u8);
        Assert.Equal(SHA256.HashData([0x01, .. left, .. right]), MerkleHasher.HashChildren(left, right));
    }

    [Fact]
    public void Children_hash_may_be_written_over_either_child()
    {
        var left = MerkleHasher.HashLeaf("left"u8);
        var right = MerkleHasher.HashLeaf("right"u8);
        var expected = MerkleHasher.HashChildren(left, right);

        var inPlaceLeft = left.ToArray();
        MerkleHasher.HashChildren(inPlaceLeft, right, inPlaceLeft);
        Assert.Equal(expected, inPlaceLeft);

        var inPlaceRight = right.ToArray();
        MerkleHasher.HashChildren(left, inPlaceRight, inPlaceRight);
        Assert.Equal(expected, inPlaceRight);
    }

    [Fact]
    public void Leaf_and_node_with_same_bytes_hash_differently()
    {
        var a = MerkleHasher.HashLeaf("a"u8);
        Assert.NotEqual(MerkleHasher.HashChildren(a, a), MerkleHasher.HashLeaf([.. a, .. a]));
    }

    [Fact]
    public void Bad_sizes_are_rejected()
    {
        var hash = MerkleHasher.HashLeaf("x"u8);
        Assert.Throws<ArgumentException>(() => MerkleHasher.HashChildren(hash[..31], hash));
        Assert.Throws<ArgumentException>(() => MerkleHasher.HashChildren(hash, [.. hash, 1]));
        Assert.Throws<ArgumentException>(() => MerkleHasher.HashChildren(hash, hash, new byte[31]));
        Assert.Throws<ArgumentException>(() => MerkleHasher.HashLeaf(hash, new byte[16]));
    }
}
