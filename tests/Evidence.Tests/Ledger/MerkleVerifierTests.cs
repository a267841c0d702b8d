namespace Cameras.Evidence.Tests.Ledger;

using Cameras.Evidence.Ledger;

/// <summary>Each kind of damage is reported with the error kind that names it.</summary>
public sealed class MerkleVerifierTests
{
    private static readonly TreeFixture Tree = new TreeFixture(Rfc6962Vectors.LeafBytes()).AppendAll();
    private static readonly byte[] OtherHash = MerkleHasher.HashLeaf("other"u8);

    [Theory]
    [InlineData("valid", null)]
    [InlineData("flip proof[0]", ProofErrorKind.RootMismatch)]
    [InlineData("flip proof[1]", ProofErrorKind.RootMismatch)]
    [InlineData("flip proof[2]", ProofErrorKind.RootMismatch)]
    [InlineData("wrong leaf", ProofErrorKind.RootMismatch)]
    [InlineData("wrong root", ProofErrorKind.RootMismatch)]
    [InlineData("index 4", ProofErrorKind.RootMismatch)]
    [InlineData("index 8", ProofErrorKind.IndexOutOfRange)]
    [InlineData("index -1", ProofErrorKind.IndexOutOfRange)]
    [InlineData("size 6", ProofErrorKind.WrongProofSize)]
    [InlineData("size 16", ProofErrorKind.WrongProofSize)]
    [InlineData("size 5", ProofErrorKind.IndexOutOfRange)]
    [InlineData("size -1", ProofErrorKind.InvalidTreeSize)]
    [InlineData("truncated", ProofErrorKind.WrongProofSize)]
    [InlineData("extended", ProofErrorKind.WrongProofSize)]
    [InlineData("prepended", ProofErrorKind.WrongProofSize)]
    [InlineData("empty proof", ProofErrorKind.WrongProofSize)]
    [InlineData("short entry", ProofErrorKind.MalformedHash)]
    [InlineData("null entry", ProofErrorKind.MalformedHash)]
    [InlineData("short leaf", ProofErrorKind.MalformedHash)]
    [InlineData("short root", ProofErrorKind.MalformedHash)]
    public void Inclusion_errors(string damage, ProofErrorKind? expected)
    {
        // Vector: leaf 5 of the 8-leaf tree.
        long index = 5, size = 8;
        var leaf = Tree.Naive.LeafHash(5);
        var root = Rfc6962Vectors.Root(8);
        var proof = MerkleProofBuilder.BuildInclusionProof(index, size, Tree.GetNode);

        switch (damage)
        {
            case "valid": break;
            case "flip proof[0]": proof = Corruptions.WithFlippedEntry(proof, 0, 0); break;
            case "flip proof[1]": proof = Corruptions.WithFlippedEntry(proof, 1, 100); break;
            case "flip proof[2]": proof = Corruptions.WithFlippedEntry(proof, 2, 255); break;
            case "wrong leaf": leaf = Tree.Naive.LeafHash(4); break;
            case "wrong root": root = Rfc6962Vectors.Root(7); break;
            case "index 4": index = 4; break;
            case "index 8": index = 8; break;
            case "index -1": index = -1; break;
            case "size 6": size = 6; break;
            case "size 16": size = 16; break;
            case "size 5": size = 5; break;
            case "size -1": size = -1; break;
            case "truncated": proof = proof[..^1]; break;
            case "extended": proof = [.. proof, OtherHash]; break;
            case "prepended": proof = [OtherHash, .. proof]; break;
            case "empty proof": proof = []; break;
            case "short entry": proof = [proof[0], proof[1][..31], proof[2]]; break;
            case "null entry": proof = [proof[0], null!, proof[2]]; break;
            case "short leaf": leaf = leaf[..16]; break;
            case "short root": root = [.. root, 0]; break;
            default: throw new ArgumentException(damage);
        }

        var error = MerkleVerifier.VerifyInclusion(index, size, leaf, proof, root);
        Assert.Equal(expected, error?.Kind);
        Assert.True(error is null || error.Message.Length > 0);
    }

    [Theory]
    [InlineData("valid", null)]
    [InlineData("flip proof[0]", ProofErrorKind.FirstRootMismatch)]
    [InlineData("flip proof[1]", ProofErrorKind.SecondRootMismatch)]
    [InlineData("flip proof[2]", ProofErrorKind.FirstRootMismatch)]
    [InlineData("wrong root1", ProofErrorKind.FirstRootMismatch)]
    [InlineData("wrong root2", ProofErrorKind.SecondRootMismatch)]
    [InlineData("swapped roots", ProofErrorKind.FirstRootMismatch)]
    [InlineData("size1 > size2", ProofErrorKind.SizeOrder)]
    [InlineData("size1 -1", ProofErrorKind.InvalidTreeSize)]
    [InlineData("size2 16", ProofErrorKind.WrongProofSize)]
    [InlineData("truncated", ProofErrorKind.WrongProofSize)]
    [InlineData("extended", ProofErrorKind.WrongProofSize)]
    [InlineData("empty proof", ProofErrorKind.WrongProofSize)]
    [InlineData("short entry", ProofErrorKind.MalformedHash)]
    [InlineData("short root1", ProofErrorKind.MalformedHash)]
    [InlineData("short root2", ProofErrorKind.MalformedHash)]
    public void Consistency_errors(string damage, ProofErrorKind? expected)
    {
        // Vector: 6 -> 8.
        long size1 = 6, size2 = 8;
        var root1 = Rfc6962Vectors.Root(6);
        var root2 = Rfc6962Vectors.Root(8);
        var proof = MerkleProofBuilder.BuildConsistencyProof(size1, size2, Tree.GetNode);

        switch (damage)
        {
            case "valid": break;
            case "flip proof[0]": proof = Corruptions.WithFlippedEntry(proof, 0, 4); break;
            case "flip proof[1]": proof = Corruptions.WithFlippedEntry(proof, 1, 4); break;
            case "flip proof[2]": proof = Corruptions.WithFlippedEntry(proof, 2, 4); break;
            case "wrong root1": root1 = Rfc6962Vectors.Root(5); break;
            case "wrong root2": root2 = Rfc6962Vectors.Root(7); break;
            case "swapped roots": (root1, root2) = (root2, root1); break;
            case "size1 > size2": (size1, size2) = (size2, size1); break;
            case "size1 -1": size1 = -1; break;
            case "size2 16": size2 = 16; break;
            case "truncated": proof = proof[..^1]; break;
            case "extended": proof = [.. proof, OtherHash]; break;
            case "empty proof": proof = []; break;
            case "short entry": proof = [proof[0][..1], proof[1], proof[2]]; break;
            case "short root1": root1 = []; break;
            case "short root2": root2 = root2[..31]; break;
            default: throw new ArgumentException(damage);
        }

        Assert.Equal(expected, MerkleVerifier.VerifyConsistency(size1, size2, proof, root1, root2)?.Kind);
    }

    [Fact]
    public void Consistency_edge_sizes()
    {
        var empty = MerkleHasher.EmptyRoot.ToArray();
        var root3 = Rfc6962Vectors.Root(3);

        Assert.Null(MerkleVerifier.VerifyConsistency(0, 0, [], empty, empty));
        Assert.Null(MerkleVerifier.VerifyConsistency(0, 3, [], empty, root3));
        Assert.Null(MerkleVerifier.VerifyConsistency(3, 3, [], root3, root3));

        Assert.Equal(ProofErrorKind.FirstRootMismatch, MerkleVerifier.VerifyConsistency(0, 3, [], root3, root3)?.Kind);
        Assert.Equal(ProofErrorKind.WrongProofSize, MerkleVerifier.VerifyConsistency(0, 3, [root3], empty, root3)?.Kind);
        Assert.Equal(ProofErrorKind.WrongProofSize, MerkleVerifier.VerifyConsistency(3, 3, [root3], root3, root3)?.Kind);
        Assert.Equal(ProofErrorKind.SecondRootMismatch, MerkleVerifier.VerifyConsistency(3, 3, [], root3, empty)?.Kind);
        Assert.Equal(ProofErrorKind.SecondRootMismatch, MerkleVerifier.VerifyConsistency(0, 0, [], empty, root3)?.Kind);
    }

    [Fact]
    public void Root_hash_does_not_bind_the_tree_size()
    {
        // RFC 9162 property, pinned so nobody relies on the contrary: leaf 5 takes the same
        // hashing steps in trees of 7 and 8 leaves, so the size-8 proof and root also pass as
        // "size 7". Only a signed (size, root) checkpoint ties the two together.
        var proof = MerkleProofBuilder.BuildInclusionProof(5, 8, Tree.GetNode);
        Assert.Null(MerkleVerifier.VerifyInclusion(5, 7, Tree.Naive.LeafHash(5), proof, Rfc6962Vectors.Root(8)));
        Assert.Equal(
            ProofErrorKind.RootMismatch,
            MerkleVerifier.VerifyInclusion(5, 7, Tree.Naive.LeafHash(5), proof, Rfc6962Vectors.Root(7))?.Kind);
    }

    [Fact]
    public void Inclusion_into_empty_tree_is_out_of_range()
    {
        var error = MerkleVerifier.VerifyInclusion(0, 0, OtherHash, [], MerkleHasher.EmptyRoot);
        Assert.Equal(ProofErrorKind.IndexOutOfRange, error?.Kind);
    }

    [Fact]
    public void Single_leaf_tree_root_is_the_leaf_hash()
    {
        Assert.Null(MerkleVerifier.VerifyInclusion(0, 1, OtherHash, [], OtherHash));
        Assert.Equal(ProofErrorKind.RootMismatch, MerkleVerifier.VerifyInclusion(0, 1, OtherHash, [], MerkleHasher.EmptyRoot)?.Kind);
    }

    [Fact]
    public void Messages_name_the_mismatch()
    {
        var error = MerkleVerifier.VerifyInclusion(5, 16, Tree.Naive.LeafHash(5), MerkleProofBuilder.BuildInclusionProof(5, 8, Tree.GetNode), Rfc6962Vectors.Root(8));
        Assert.NotNull(error);
        Assert.Contains("3 entries", error.Message);
        Assert.Contains("4", error.Message);
    }

    [Fact]
    public void Null_proof_list_is_a_programming_error()
    {
        Assert.Throws<ArgumentNullException>(() => MerkleVerifier.VerifyInclusion(0, 1, OtherHash, null!, OtherHash));
        Assert.Throws<ArgumentNullException>(() => MerkleVerifier.VerifyConsistency(1, 2, null!, OtherHash, OtherHash));
    }
}
