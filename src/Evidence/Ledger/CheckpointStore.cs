using Npgsql;

namespace Cameras.Evidence.Ledger;

/// <summary>Checkpoint rows in PostgreSQL.</summary>
internal static class CheckpointStore
{
    public static async Task<Checkpoint?> LatestAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        (await ListAsync(connection, "ORDER BY size DESC LIMIT 1", cancellationToken)).FirstOrDefault();

    /// <summary>Rows in size order; a row whose note does not parse comes back as null with its size.</summary>
    public static async Task<List<(long Size, Checkpoint? Checkpoint)>> AllAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var rows = new List<(long, Checkpoint?)>();
        await using var command = new NpgsqlCommand("SELECT size, note FROM ledger_checkpoints ORDER BY size", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add((reader.GetInt64(0), Checkpoint.Parse(reader.GetString(1))));
        return rows;
    }

    public static async Task<List<Checkpoint>> ListAsync(NpgsqlConnection connection, string order, CancellationToken cancellationToken)
    {
        var list = new List<Checkpoint>();
        await using var command = new NpgsqlCommand($"SELECT note FROM ledger_checkpoints {order}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            if (Checkpoint.Parse(reader.GetString(0)) is { } checkpoint) list.Add(checkpoint);
        return list;
    }

    public static async Task InsertAsync(NpgsqlConnection connection, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO ledger_checkpoints (size, root_hash, issued_at, key_id, note)
            VALUES (@size, @root, @issued, @key, @note)
            """, connection);
        command.Parameters.AddWithValue("size", checkpoint.Size);
        command.Parameters.AddWithValue("root", checkpoint.RootHash);
        command.Parameters.AddWithValue("issued", checkpoint.IssuedAt);
        command.Parameters.AddWithValue("key", checkpoint.KeyId);
        command.Parameters.AddWithValue("note", checkpoint.Note);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
