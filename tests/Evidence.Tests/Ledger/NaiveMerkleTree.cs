using System.Security.Cryptography;

namespace Cameras.Evidence.Tests.Ledger;

using Cameras.Evidence.Ledger;

/// <summary>
/// Test oracle: MTH, PATH and PROOF written straight from the recursive definitions of
/// RFC 6962 section 2.1, with its own SHA-256 calls so it shares no code with the library.
/// Slow by design (memoised only to keep the sweeps quick); never use outside tests.
/// </summary>
internal sealed class NaiveMerkleTree
{
    private readonly List<byte[]> _leafHashes = [];
    private readonly Dictionary<(int Begin, int End), byte[]> _mth = [];

    public NaiveMerkleTree(IEnumerable<byte[]> leafData)
    {
        foreach (var data in leafData)
        {
            _leafHashes.Add(Sha256([0x00], data));
        }
    }

    public int Size => _leafHashes.Count;

    public byte[] LeafHash(int index) => _leafHashes[index];

    /// <summary>MTH(D[0:size]).</summary>
    public byte[] Root(int size) => Mth(0, size);

    /// <summary>MTH(D[begin:end]): hash of the empty string, a leaf hash, or split at the largest power of two below n.</summary>
    public byte[] Mth(int begin, int end)
    {
        var n = end - begin;
        if (n == 0)
        {
            return SHA256.HashData(ReadOnlySpan<byte>.Empty);
        }

        if (n == 1)
        {
            return _leafHashes[begin];
        }

        if (_mth.TryGetValue((begin, end), out var cached))
        {
            return cached;
        }

        var k = LargestPowerOfTwoBelow(n);
        var hash = Sha256([0x01], Mth(begin, begin + k), Mth(begin + k, end));
        _mth[(begin, end)] = hash;
        return hash;
    }

    /// <summary>PATH(m, D[0:n]).</summary>
    public List<byte[]> Path(int m, int n) => Path(m, 0, n);

    /// <summary>PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true).</summary>
    public List<byte[]> Proof(int m, int n) => SubProof(m, 0, n, true);

    // PATH(m, D[begin:end]) with m relative to begin.
    private List<byte[]> Path(int m, int begin, int end)
    {
        var n = end - begin;
        if (n == 1)
        {
            return [];
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            var path = Path(m, begin, begin + k);
            path.Add(Mth(begin + k, end));
            return path;
        }
        else
        {
            var path = Path(m - k, begin + k, end);
            path.Add(Mth(begin, begin + k));
            return path;
        }
    }

    // SUBPROOF(m, D[begin:end], b) with m relative to begin.
    private List<byte[]> SubProof(int m, int begin, int end, bool b)
    {
        var n = end - begin;
        if (m == n)
        {
            return b ? [] : [Mth(begin, end)];
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            var proof = SubProof(m, begin, begin + k, b);
            proof.Add(Mth(begin + k, end));
            return proof;
        }
        else
        {
            var proof = SubProof(m - k, begin + k, end, false);
            proof.Add(Mth(begin, begin + k));
            return proof;
        }
    }

    // The largest power of two strictly smaller than n (n > 1), as the RFC specifies.
    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }

    private static byte[] Sha256(byte[] prefix, params byte[][] parts)
    {
        var buffer = new List<byte>(prefix);
        foreach (var part in parts)
        {
            buffer.AddRange(part);
        }

        return SHA256.HashData(buffer.ToArray());
    }
}
