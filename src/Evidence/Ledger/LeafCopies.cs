using Cameras.Evidence.Storage;

namespace Cameras.Evidence.Ledger;

/// <summary>The leaf hashes kept in the object store (<see cref="LeafBundle"/>), indexed by sequence number.</summary>
internal sealed class LeafCopies
{
    private readonly SortedList<long, (long To, byte[] Hashes)> _bundles = [];

    public long End => _bundles.Count == 0 ? 0 : _bundles.Values[^1].To;

    public byte[]? Find(long seq)
    {
        // Bundles are contiguous and ordered, so a binary search over their starts finds the one holding seq.
        int lo = 0, hi = _bundles.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var from = _bundles.Keys[mid];
            var (to, hashes) = _bundles.Values[mid];
            if (seq < from) hi = mid - 1;
            else if (seq >= to) lo = mid + 1;
            else return hashes.AsSpan((int)(seq - from) * MerkleHasher.HashSize, MerkleHasher.HashSize).ToArray();
        }
        return null;
    }

    public static async Task<LeafCopies> ReadAsync(IObjectStore store, LedgerVerifier.Report report, CancellationToken cancellationToken)
    {
        var copies = new LeafCopies();
        await foreach (var info in store.ListAsync(LeafBundle.Prefix, cancellationToken))
        {
            if (LeafBundle.ParseKey(info.Key) is not { } range || info.Size != (range.To - range.From) * MerkleHasher.HashSize)
            {
                report.Problem($"object {info.Key} is not a well-formed bundle of leaf hashes");
                continue;
            }
            await using var stream = await store.OpenReadAsync(info.Key, 0, null, cancellationToken);
            var bytes = new byte[info.Size];
            await stream.ReadExactlyAsync(bytes, cancellationToken);
            copies._bundles[range.From] = (range.To, bytes);
        }
        return copies;
    }
}
