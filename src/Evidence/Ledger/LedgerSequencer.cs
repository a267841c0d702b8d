using Npgsql;
using NpgsqlTypes;

namespace Cameras.Evidence.Ledger;

/// <summary>
/// Gives waiting events their place in the tree. Writers insert events concurrently with no order; one sequencer at
/// a time (a transaction-scoped advisory lock, so any node may run one) takes a batch in arrival order, numbers it
/// after the current tree, computes leaf hashes and the interior nodes they complete, and stores them in one
/// transaction. Readers never wait for it.
/// </summary>
public sealed class LedgerSequencer(NpgsqlDataSource dataSource, int batchSize)
{
    // Any fixed number shared by every node: "LSEQ" in ASCII.
    private const long LockKey = 0x4C534551;

    /// <returns>how many events were sequenced (0 when none waited or another node holds the lock)</returns>
    public Task<int> SequenceAsync(CancellationToken cancellationToken) => SequenceAsync(wait: false, cancellationToken);

    /// <param name="wait">wait for another sequencer to finish instead of leaving the work to it</param>
    public async Task<int> SequenceAsync(bool wait, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockAsync(connection, wait, cancellationToken)) return 0;

        var pending = await ReadPendingAsync(connection, cancellationToken);
        if (pending.Count == 0) return 0;

        var size = await LedgerNodes.TreeSizeAsync(connection, cancellationToken);
        var peakIds = CompactRange.PeakIds(size);
        var peaks = await LedgerNodes.ReadAsync(connection, peakIds, cancellationToken);
        var levels = new List<short>();
        var indexes = new List<long>();
        var nodeHashes = new List<byte[]>();
        var range = new CompactRange(size, peakIds.Select(id => peaks[id]), (id, hash) =>
        {
            if (id.Level == 0) return;
            levels.Add((short)id.Level);
            indexes.Add(id.Index);
            nodeHashes.Add(hash.ToArray());
        });

        var seqs = new long[pending.Count];
        var leafHashes = new byte[pending.Count][];
        for (var i = 0; i < pending.Count; i++)
        {
            seqs[i] = size + i;
            leafHashes[i] = (pending[i] with { Seq = seqs[i] }).LeafHash();
            range.Append(leafHashes[i]);
        }

        await using (var update = new NpgsqlCommand("""
            UPDATE custody_events e SET seq = u.seq, leaf_hash = u.hash
            FROM unnest(@ids, @seqs, @hashes) AS u(id, seq, hash) WHERE e.id = u.id
            """, connection))
        {
            update.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = pending.Select(p => p.Id).ToArray() });
            update.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = seqs });
            update.Parameters.Add(new NpgsqlParameter("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = leafHashes });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO ledger_nodes (level, idx, hash) SELECT * FROM unnest(@levels, @idxs, @hashes)", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter("levels", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = levels.ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("idxs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = indexes.ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = nodeHashes.ToArray() });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return pending.Count;
    }

    /// <summary>
    /// Sequences until nothing committed before the call waits, taking turns with any other sequencer: after it,
    /// a checkpoint covers every event recorded before. For on-demand checkpoints, tests and the benchmark.
    /// </summary>
    public async Task<long> DrainAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        for (int n; (n = await SequenceAsync(wait: true, cancellationToken)) > 0;) total += n;
        return total;
    }

    private static async Task<bool> LockAsync(NpgsqlConnection connection, bool wait, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            wait ? "SELECT pg_advisory_xact_lock(@key)" : "SELECT pg_try_advisory_xact_lock(@key)", connection);
        command.Parameters.AddWithValue("key", LockKey);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return wait || (bool)result!;
    }

    private async Task<List<LedgerEvent>> ReadPendingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT {LedgerEventReader.Columns} FROM {LedgerEventReader.From} WHERE e.seq IS NULL ORDER BY e.arrival LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("limit", batchSize);
        var events = new List<LedgerEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) events.Add(LedgerEventReader.Read(reader));
        return events;
    }
}
