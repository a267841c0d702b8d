using System.Numerics;

namespace Cameras.Evidence.Ledger;

// Consistency half of MerkleVerifier, kept apart so each file stays short.
public static partial class MerkleVerifier
{
    /// <summary>
    /// Checks that the tree of <paramref name="size2"/> with root <paramref name="root2"/> is an
    /// append-only extension of the tree of <paramref name="size1"/> with root <paramref name="root1"/>.
    /// </summary>
    public static ProofError? VerifyConsistency(
        long size1, long size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        ArgumentNullException.ThrowIfNull(proof);

        if (size1 < 0 || size2 < 0)
        {
            return new ProofError(ProofErrorKind.InvalidTreeSize, $"Tree sizes {size1} and {size2} must not be negative.");
        }

        if (size1 > size2)
        {
            return new ProofError(ProofErrorKind.SizeOrder, $"First tree size {size1} is larger than second tree size {size2}.");
        }

        if (root1.Length != HashSize)
        {
            return Malformed("first root hash", root1.Length);
        }

        if (root2.Length != HashSize)
        {
            return Malformed("second root hash", root2.Length);
        }

        if (CheckEntries(proof) is { } malformed)
        {
            return malformed;
        }

        // Cases RFC 9162 leaves out (it assumes 0 < size1 < size2): the proof is empty and the
        // roots are fixed, so any other input is rejected rather than trusted.
        if (size1 == 0 || size1 == size2)
        {
            if (proof.Count != 0)
            {
                return WrongSize("Consistency", proof.Count, 0);
            }

            if (size1 == 0 && !root1.SequenceEqual(MerkleHasher.EmptyRoot))
            {
                return new ProofError(ProofErrorKind.FirstRootMismatch, $"Root of the empty tree must be {Hex(MerkleHasher.EmptyRoot)}, got {Hex(root1)}.");
            }

            return size1 == size2 && !root1.SequenceEqual(root2)
                ? new ProofError(ProofErrorKind.SecondRootMismatch, $"Trees of equal size {size1} have different roots {Hex(root1)} and {Hex(root2)}.")
                : null;
        }

        // RFC 9162 2.1.4.2, step by step.
        if (proof.Count == 0)
        {
            return WrongSize("Consistency", 0, MerkleProofs.ConsistencyPlan(size1, size2).Count);
        }

        // Step 2: for a power-of-two first tree the proof omits its root, which is then the
        // first path element; `offset` shifts proof indices instead of copying the list.
        var offset = BitOperations.IsPow2(size1) ? 1 : 0;
        var pathLength = proof.Count + offset;

        long fn = size1 - 1, sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        Span<byte> fr = stackalloc byte[HashSize];
        Span<byte> sr = stackalloc byte[HashSize];
        (offset == 1 ? root1 : proof[0]).CopyTo(fr);
        fr.CopyTo(sr);

        for (var i = 1; i < pathLength; i++)
        {
            ReadOnlySpan<byte> c = proof[i - offset];
            if (sn == 0)
            {
                return WrongSize("Consistency", proof.Count, MerkleProofs.ConsistencyPlan(size1, size2).Count);
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHasher.HashChildren(c, fr, fr);
                MerkleHasher.HashChildren(c, sr, sr);
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
                // c only exists in the second tree.
                MerkleHasher.HashChildren(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        // Length first: a truncated proof also breaks the roots, but its length is the cause.
        if (sn != 0)
        {
            return WrongSize("Consistency", proof.Count, MerkleProofs.ConsistencyPlan(size1, size2).Count);
        }

        if (!fr.SequenceEqual(root1))
        {
            return new ProofError(ProofErrorKind.FirstRootMismatch,
                $"Consistency proof {size1}->{size2} leads to first root {Hex(fr)}, expected {Hex(root1)}.");
        }

        return sr.SequenceEqual(root2)
            ? null
            : new ProofError(ProofErrorKind.SecondRootMismatch,
                $"Consistency proof {size1}->{size2} leads to second root {Hex(sr)}, expected {Hex(root2)}.");
    }
}
