namespace Cameras.Evidence.Tests.Ledger;

using Cameras.Evidence.Ledger;

/// <summary>
/// Ways to damage a valid proof, each of which the verifier must reject (the same family of
/// probes the transparency-dev/merkle verifier tests use, plus well-formed wrong hashes).
/// </summary>
internal static class Corruptions
{
    private static readonly byte[] SomeHash =
        Convert.FromHexString("abacaba000000000000000000000000000000000000000000060061e00123456");

    private static readonly byte[] EmptyHash = MerkleHasher.EmptyRoot.ToArray();

    public static IEnumerable<(string Name, Func<ProofError?> Probe)> OfInclusion(
        long index, long size, byte[] leaf, byte[][] proof, byte[] root)
    {
        (string, Func<ProofError?>) Probe(string name, long i, long s, byte[] l, byte[][] p, byte[] r) =>
            (name, () => MerkleVerifier.VerifyInclusion(i, s, l, p, r));

        yield return Probe("index - 1", index - 1, size, leaf, proof, root);
        yield return Probe("index + 1", index + 1, size, leaf, proof, root);
        yield return Probe("index ^ 2", index ^ 2, size, leaf, proof, root);
        yield return Probe("size * 2", index, size * 2, leaf, proof, root);
        yield return Probe("size / 2", index, size / 2, leaf, proof, root);
        yield return Probe("short leaf", index, size, "WrongLeaf"u8.ToArray(), proof, root);
        yield return Probe("flipped leaf", index, size, FlipBit(leaf, 0), proof, root);
        yield return Probe("empty-tree root", index, size, leaf, proof, EmptyHash);
        yield return Probe("random root", index, size, leaf, proof, SomeHash);
        yield return Probe("trailing garbage", index, size, leaf, [.. proof, []], root);
        yield return Probe("trailing root", index, size, leaf, [.. proof, root], root);
        yield return Probe("preceding garbage", index, size, leaf, [[], .. proof], root);
        yield return Probe("preceding root", index, size, leaf, [root, .. proof], root);
        for (var i = 0; i < proof.Length; i++)
        {
            yield return Probe($"proof[{i}] bit 3", index, size, leaf, WithFlippedEntry(proof, i, 3), root);
        }

        if (proof.Length > 0)
        {
            yield return Probe("removed entry", index, size, leaf, proof[..^1], root);
        }

        if (proof.Length > 1)
        {
            yield return Probe("inserted entry", index, size, leaf, [proof[0], SomeHash, .. proof[1..]], root);
        }
    }

    public static IEnumerable<(string Name, Func<ProofError?> Probe)> OfConsistency(
        long size1, long size2, byte[][] proof, byte[] root1, byte[] root2)
    {
        (string, Func<ProofError?>) Probe(string name, long s1, long s2, byte[][] p, byte[] r1, byte[] r2) =>
            (name, () => MerkleVerifier.VerifyConsistency(s1, s2, p, r1, r2));

        yield return Probe("size1 - 1", size1 - 1, size2, proof, root1, root2);
        yield return Probe("size1 + 1", size1 + 1, size2, proof, root1, root2);
        yield return Probe("size1 ^ 2", size1 ^ 2, size2, proof, root1, root2);
        yield return Probe("size2 * 2", size1, size2 * 2, proof, root1, root2);
        yield return Probe("size2 / 2", size1, size2 / 2, proof, root1, root2);
        yield return Probe("short root1", size1, size2, proof, "WrongRoot"u8.ToArray(), root2);
        yield return Probe("short root2", size1, size2, proof, root1, "WrongRoot"u8.ToArray());
        yield return Probe("flipped root1", size1, size2, proof, FlipBit(root1, 0), root2);
        yield return Probe("flipped root2", size1, size2, proof, root1, FlipBit(root2, 0));
        if (!root1.AsSpan().SequenceEqual(root2))
        {
            yield return Probe("swapped roots", size1, size2, proof, root2, root1);
        }

        yield return Probe("trailing garbage", size1, size2, [.. proof, []], root1, root2);
        yield return Probe("trailing root1", size1, size2, [.. proof, root1], root1, root2);
        yield return Probe("trailing root2", size1, size2, [.. proof, root2], root1, root2);
        yield return Probe("preceding garbage", size1, size2, [[], .. proof], root1, root2);
        yield return Probe("preceding root1", size1, size2, [root1, .. proof], root1, root2);
        yield return Probe("preceding root2", size1, size2, [root2, .. proof], root1, root2);
        if (proof.Length > 0)
        {
            yield return Probe("empty proof", size1, size2, [], root1, root2);
            yield return Probe("preceding proof[0]", size1, size2, [proof[0], .. proof], root1, root2);
            yield return Probe("truncated", size1, size2, proof[..^1], root1, root2);
        }

        for (var i = 0; i < proof.Length; i++)
        {
            yield return Probe($"proof[{i}] bit 4", size1, size2, WithFlippedEntry(proof, i, 4), root1, root2);
        }
    }

    public static byte[] FlipBit(byte[] hash, int bit)
    {
        var copy = hash.ToArray();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    public static byte[][] WithFlippedEntry(byte[][] proof, int entry, int bit)
    {
        var copy = proof.ToArray();
        copy[entry] = FlipBit(copy[entry], bit);
        return copy;
    }
}
