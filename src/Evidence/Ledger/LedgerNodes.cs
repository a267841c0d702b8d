using Npgsql;
using NpgsqlTypes;

namespace Cameras.Evidence.Ledger;

/// <summary>Reads complete tree nodes: leaves from custody_events, interior nodes from ledger_nodes.</summary>
internal static class LedgerNodes
{
    public static async Task<Dictionary<NodeId, byte[]>> ReadAsync(
        NpgsqlConnection connection, IEnumerable<NodeId> wanted, CancellationToken cancellationToken)
    {
        var ids = wanted.Distinct().ToList();
        var found = new Dictionary<NodeId, byte[]>(ids.Count);
        var leaves = ids.Where(n => n.Level == 0).Select(n => n.Index).ToArray();
        var inner = ids.Where(n => n.Level > 0).ToList();
        await using var command = new NpgsqlCommand("""
            SELECT 0::smallint, seq, leaf_hash FROM custody_events WHERE seq = ANY(@leaves)
            UNION ALL
            SELECT n.level, n.idx, n.hash FROM ledger_nodes n
            JOIN unnest(@levels, @idxs) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx
            """, connection);
        command.Parameters.Add(new NpgsqlParameter("leaves", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = leaves });
        command.Parameters.Add(new NpgsqlParameter("levels", NpgsqlDbType.Array | NpgsqlDbType.Smallint)
            { Value = inner.Select(n => (short)n.Level).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("idxs", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
            { Value = inner.Select(n => n.Index).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found[new NodeId(reader.GetInt16(0), reader.GetInt64(1))] = (byte[])reader.GetValue(2);
        var missing = ids.FirstOrDefault(n => !found.ContainsKey(n));
        if (found.Count != ids.Count)
            throw new InvalidOperationException($"The ledger has no stored node {missing}; run `cameras ledger verify`.");
        return found;
    }

    /// <summary>Number of sequenced events: the tree size.</summary>
    public static async Task<long> TreeSizeAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(max(seq) + 1, 0) FROM custody_events", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
