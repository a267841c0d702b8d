using System.Buffers;
using Npgsql;

namespace Cameras.Evidence.Ledger;

/// <summary>
/// Compares the stored interior nodes (what proofs are built from) with those recomputed from the events. Nodes of
/// one level are created in index order, so each level is kept as one packed buffer.
/// </summary>
internal sealed class NodeCheck
{
    private readonly ArrayBufferWriter<byte>[] _levels = Enumerable.Range(0, NodeId.MaxLevel + 1).Select(_ => new ArrayBufferWriter<byte>()).ToArray();

    public void Created(NodeId id, ReadOnlySpan<byte> hash)
    {
        if (id.Level > 0) _levels[id.Level].Write(hash);
    }

    public async Task CompareAsync(NpgsqlConnection connection, LedgerVerifier.Report report, CancellationToken cancellationToken)
    {
        var counts = new long[_levels.Length];
        await using var command = new NpgsqlCommand("SELECT level, idx, hash FROM ledger_nodes ORDER BY level, idx", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var reported = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = new NodeId(reader.GetInt16(0), reader.GetInt64(1));
            counts[id.Level]++;
            var computed = _levels[id.Level].WrittenSpan;
            var offset = id.Index * MerkleHasher.HashSize;
            if (offset + MerkleHasher.HashSize <= computed.Length
                && computed.Slice((int)offset, MerkleHasher.HashSize).SequenceEqual((byte[])reader.GetValue(2))) continue;
            if (reported++ < 10)
                report.Problem($"stored tree node {id} (events {id.Begin} to {id.End - 1}) differs from the one recomputed from the events; proofs through it would fail");
        }
        for (var level = 1; level < _levels.Length; level++)
            if (counts[level] < _levels[level].WrittenCount / MerkleHasher.HashSize)
                report.Problem($"the ledger lacks stored tree nodes at level {level}; proofs through them cannot be served");
    }
}
