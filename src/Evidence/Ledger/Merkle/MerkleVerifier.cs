namespace Cameras.Evidence.Ledger;

/// <summary>
/// Pure RFC 9162 proof verification (sections 2.1.3.2 and 2.1.4.2). Every method returns
/// null when the proof holds and a <see cref="ProofError"/> saying what failed otherwise;
/// a bad proof is an expected outcome when auditing, so it is never an exception. Only
/// programming errors (a null proof list) throw.
/// </summary>
public static partial class MerkleVerifier
{
    private const int HashSize = MerkleHasher.HashSize;

    /// <summary>Checks that <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of <paramref name="size"/> with root <paramref name="rootHash"/>.</summary>
    public static ProofError? VerifyInclusion(
        long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> rootHash)
    {
        if (rootHash.Length != HashSize)
        {
            return Malformed("root hash", rootHash.Length);
        }

        Span<byte> computed = stackalloc byte[HashSize];
        if (RootFromInclusionProof(index, size, leafHash, proof, computed) is { } error)
        {
            return error;
        }

        return computed.SequenceEqual(rootHash)
            ? null
            : new ProofError(ProofErrorKind.RootMismatch,
                $"Inclusion proof for leaf {index} of {size} leads to root {Hex(computed)}, expected {Hex(rootHash)}.");
    }

    /// <summary>
    /// Runs the RFC 9162 2.1.3.2 inclusion algorithm and writes the implied root into the first
    /// 32 bytes of <paramref name="root"/>. Useful when the root is looked up by the result.
    /// </summary>
    public static ProofError? RootFromInclusionProof(
        long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, Span<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentOutOfRangeException.ThrowIfLessThan(root.Length, HashSize, nameof(root));

        if (size < 0)
        {
            return new ProofError(ProofErrorKind.InvalidTreeSize, $"Tree size {size} is negative.");
        }

        if (index < 0 || index >= size)
        {
            return new ProofError(ProofErrorKind.IndexOutOfRange, $"Leaf index {index} is outside a tree of {size} leaves.");
        }

        if (leafHash.Length != HashSize)
        {
            return Malformed("leaf hash", leafHash.Length);
        }

        if (CheckEntries(proof) is { } malformed)
        {
            return malformed;
        }

        // fn walks the leaf's position up the tree, sn the last leaf's; they meet at the root.
        long fn = index, sn = size - 1;
        var r = root[..HashSize];
        leafHash.CopyTo(r);
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return WrongSize("Inclusion", proof.Count, MerkleProofs.InclusionPlan(index, size).Count);
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                // p is a left sibling. When fn == sn with fn even, r is the last node of its level
                // and is promoted unchanged through the levels where it has no right sibling.
                MerkleHasher.HashChildren(p, r, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                MerkleHasher.HashChildren(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 ? null : WrongSize("Inclusion", proof.Count, MerkleProofs.InclusionPlan(index, size).Count);
    }

    private static ProofError? CheckEntries(IReadOnlyList<byte[]> proof)
    {
        for (var i = 0; i < proof.Count; i++)
        {
            var entry = proof[i];
            if (entry is null || entry.Length != HashSize)
            {
                return Malformed($"proof entry {i}", entry?.Length ?? -1);
            }
        }

        return null;
    }

    private static ProofError Malformed(string what, int length) =>
        new(ProofErrorKind.MalformedHash,
            length < 0 ? $"The {what} is missing." : $"The {what} has {length} bytes, expected {HashSize}.");

    private static ProofError WrongSize(string proofKind, int actual, int expected) =>
        new(ProofErrorKind.WrongProofSize, $"{proofKind} proof has {actual} entries, the tree shape calls for {expected}.");

    private static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);
}
