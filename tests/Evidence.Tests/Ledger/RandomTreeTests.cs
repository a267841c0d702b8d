using System.Numerics;

namespace Cameras.Evidence.Tests.Ledger;

using Cameras.Evidence.Ledger;

/// <summary>
/// Random trees (fixed seed) compared against the naive RFC 6962 oracle. One 4097-leaf tree
/// serves every smaller size, because a complete node never changes once it exists.
/// </summary>
public sealed class RandomTreeTests
{
    private const int MaxSize = 4097;
    private const int Seed = 6962;

    private static readonly Lazy<TreeFixture> Big = new(() => TreeFixture.Random(MaxSize, Seed).AppendAll());

    public static TheoryData<int> LargeSizes => [511, 512, 513, 1000, 1023, 1024, 1025, 2047, 4096, 4097];

    [Fact]
    public void Root_matches_oracle_after_every_append()
    {
        var tree = Big.Value;
        var range = new CompactRange();
        for (var size = 1; size <= MaxSize; size++)
        {
            range.Append(tree.Naive.LeafHash(size - 1));
            Assert.Equal(size, range.Size);
            Assert.Equal(tree.Naive.Root(size), range.GetRootHash());
        }
    }

    [Fact]
    public void Callback_reports_every_complete_node_once_with_its_hash()
    {
        var tree = Big.Value;

        // A tree of n leaves has floor(n / 2^level) complete nodes per level: 2n - popcount(n) in all.
        Assert.Equal(2 * MaxSize - BitOperations.PopCount((uint)MaxSize), tree.Nodes.Count);
        foreach (var (id, hash) in tree.Nodes)
        {
            Assert.True(id.IsCompleteIn(MaxSize), $"{id} is not complete.");
            Assert.Equal(tree.Naive.Mth((int)id.Begin, (int)id.End), hash);
        }
    }

    [Fact]
    public void Inclusion_for_every_index_of_sizes_1_to_300()
    {
        for (var size = 1; size <= 300; size++)
        {
            CheckAllInclusions(size);
        }
    }

    [Theory]
    [MemberData(nameof(LargeSizes))]
    public void Inclusion_for_every_index_of_large_sizes(int size) => CheckAllInclusions(size);

    [Fact]
    public void Consistency_for_every_pair_up_to_130()
    {
        for (var size2 = 0; size2 <= 130; size2++)
        {
            for (var size1 = 0; size1 <= size2; size1++)
            {
                CheckConsistency(size1, size2);
            }
        }
    }

    [Fact]
    public void Consistency_for_sampled_pairs_up_to_4097()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 3000; i++)
        {
            var size2 = random.Next(1, MaxSize + 1);
            CheckConsistency(random.Next(1, size2 + 1), size2);
        }

        CheckConsistency(4096, 4097);
        CheckConsistency(1, 4097);
        CheckConsistency(4095, 4096);
    }

    [Fact]
    public void Sampled_proofs_reject_every_corruption()
    {
        var tree = Big.Value;
        var random = new Random(Seed + 1);
        for (var i = 0; i < 300; i++)
        {
            var size = random.Next(1, MaxSize + 1);
            var index = random.Next(0, size);
            var proof = MerkleProofBuilder.BuildInclusionProof(index, size, tree.GetNode);
            foreach (var (name, probe) in Corruptions.OfInclusion(index, size, tree.Naive.LeafHash(index), proof, tree.Naive.Root(size)))
            {
                Assert.True(probe() is not null, $"Corruption '{name}' of inclusion {index}/{size} verified.");
            }

            var size1 = random.Next(1, size + 1);
            var consistency = MerkleProofBuilder.BuildConsistencyProof(size1, size, tree.GetNode);
            foreach (var (name, probe) in Corruptions.OfConsistency(size1, size, consistency, tree.Naive.Root(size1), tree.Naive.Root(size)))
            {
                Assert.True(probe() is not null, $"Corruption '{name}' of consistency {size1}->{size} verified.");
            }
        }
    }

    private static void CheckAllInclusions(int size)
    {
        var tree = Big.Value;
        var root = tree.Naive.Root(size);
        var computed = new byte[MerkleHasher.HashSize];
        for (var index = 0; index < size; index++)
        {
            var proof = MerkleProofBuilder.BuildInclusionProof(index, size, CompleteOnly(tree, size));
            Assert.Equal(tree.Naive.Path(index, size), proof);

            var leaf = tree.Naive.LeafHash(index);
            var error = MerkleVerifier.VerifyInclusion(index, size, leaf, proof, root);
            Assert.True(error is null, $"Inclusion {index}/{size}: {error}");
            Assert.Null(MerkleVerifier.RootFromInclusionProof(index, size, leaf, proof, computed));
            Assert.Equal(root, computed);
        }
    }

    private static void CheckConsistency(int size1, int size2)
    {
        var tree = Big.Value;
        var proof = MerkleProofBuilder.BuildConsistencyProof(size1, size2, CompleteOnly(tree, size2));
        List<byte[]> expected = size1 == 0 ? [] : tree.Naive.Proof(size1, size2);
        Assert.Equal(expected, proof);

        var error = MerkleVerifier.VerifyConsistency(size1, size2, proof, tree.Naive.Root(size1), tree.Naive.Root(size2));
        Assert.True(error is null, $"Consistency {size1}->{size2}: {error}");
    }

    // A node lookup that fails the test if the builder asks for a node that is not yet
    // complete at that tree size: such a node would not exist in a ledger of that size.
    private static Func<NodeId, byte[]> CompleteOnly(TreeFixture tree, long size) => id =>
    {
        Assert.True(id.IsCompleteIn(size), $"Asked for {id}, which is incomplete at size {size}.");
        return tree.GetNode(id);
    };
}
