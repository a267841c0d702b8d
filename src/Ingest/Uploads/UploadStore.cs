using Npgsql;

namespace Cameras.Ingest.Uploads;

/// <summary>Upload rows in PostgreSQL: the state every ingest node shares.</summary>
public sealed class UploadStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id, created_at, created_by, expires_at, length, "offset", metadata, filename, camera, officer, station,
        recorded_at, camera_sha256, offload_id, concat, parts, state, sha256, recording_id, completed_at, storage_key
        """;

    /// <summary>
    /// Inserts a new upload and, when it names an offload nobody opened yet, the offload (opened by this upload's
    /// creator). False, and nothing written, when the offload was opened by another dock: an offload belongs to the
    /// dock that opened it (<paramref name="anyOffload"/>: admin joins any).
    /// </summary>
    public async Task<bool> InsertAsync(Upload upload, bool anyOffload, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var dock = upload.Dock;
        if (dock.Offload is not null)
        {
            // DO UPDATE (of nothing) rather than DO NOTHING: the offload row is returned and locked either way, so a
            // refused creation undoing an offload it opened (DeleteRefusedAsync) cannot remove it under this insert.
            await using var open = new NpgsqlCommand("""
                INSERT INTO offloads (id, created_by) VALUES (@o, @by)
                ON CONFLICT (id) DO UPDATE SET created_by = offloads.created_by
                RETURNING created_by
                """, connection, transaction);
            open.Parameters.AddWithValue("o", dock.Offload);
            open.Parameters.AddWithValue("by", upload.CreatedBy);
            var owner = (string)(await open.ExecuteScalarAsync(cancellationToken))!;
            if (owner != upload.CreatedBy && !anyOffload) return false; // rolled back on dispose
        }
        await ExecuteAsync(connection, transaction, """
            INSERT INTO uploads (id, created_by, expires_at, length, "offset", metadata, filename, camera, officer, station,
                                 recorded_at, camera_sha256, offload_id, concat, parts)
            VALUES (@id, @by, @expires, @length, @offset, @metadata, @filename, @camera, @officer, @station,
                    @recorded, @sha, @offload, @concat, @parts)
            """, cancellationToken,
            ("id", upload.Id), ("by", upload.CreatedBy), ("expires", upload.ExpiresAt), ("length", upload.Length),
            ("offset", upload.Offset), ("metadata", upload.Metadata), ("filename", dock.Filename), ("camera", dock.Camera),
            ("officer", dock.Officer), ("station", dock.Station), ("recorded", dock.RecordedAt), ("sha", dock.Sha256),
            ("offload", dock.Offload), ("concat", upload.Concat), ("parts", upload.Parts));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Takes back a creation that was refused before it answered (no Location was given, so nobody could finish it):
    /// the upload row, and its offload when no other upload is in it, so the refusal leaves nothing behind.
    /// </summary>
    public async Task DeleteRefusedAsync(Upload upload, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "DELETE FROM uploads WHERE id = @id AND state = 'receiving'", cancellationToken, ("id", upload.Id));
        if (upload.Dock.Offload is null) return;
        try
        {
            await ExecuteAsync(connection, null, """
                DELETE FROM offloads o WHERE o.id = @o AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.offload_id = o.id)
                """, cancellationToken, ("o", upload.Dock.Offload));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // Another upload joined the offload meanwhile: it stays, rightly.
        }
    }

    /// <summary>Who opened an offload (null: no such offload).</summary>
    public async Task<string?> OffloadOwnerAsync(string offload, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT created_by FROM offloads WHERE id = @o", connection);
        command.Parameters.AddWithValue("o", offload);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<Upload?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var found = await QueryAsync(connection, $"SELECT {Columns} FROM uploads WHERE id = @id", cancellationToken, ("id", id));
        return found.SingleOrDefault();
    }

    public async Task<IReadOnlyList<Upload>> FindManyAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await QueryAsync(connection, $"SELECT {Columns} FROM uploads WHERE id = ANY(@ids)", cancellationToken, ("ids", ids.ToArray()));
    }

    public async Task<IReadOnlyList<Upload>> OfOffloadAsync(string offload, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await QueryAsync(connection, $"SELECT {Columns} FROM uploads WHERE offload_id = @o ORDER BY filename, id", cancellationToken, ("o", offload));
    }

    /// <summary>Records a durable offset (the bytes up to it are flushed) and pushes the expiry back.</summary>
    public Task SetOffsetAsync(NpgsqlConnection connection, Guid id, long offset, DateTimeOffset expires, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, """UPDATE uploads SET "offset" = @offset, expires_at = @expires WHERE id = @id""",
            cancellationToken, ("id", id), ("offset", offset), ("expires", expires));

    public Task SetLengthAsync(NpgsqlConnection connection, Guid id, long length, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, "UPDATE uploads SET length = @length WHERE id = @id AND length IS NULL",
            cancellationToken, ("id", id), ("length", length));

    /// <summary>Takes complete, unused partial uploads for one final concatenation, all or none: two finals
    /// naming the same part cannot both have it.</summary>
    public async Task<bool> ClaimPartsAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE uploads SET state = 'concatenated'
            WHERE id = ANY(@ids) AND state = 'receiving' AND concat = 'partial' AND "offset" = length
            """, connection, transaction);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        if (await command.ExecuteNonQueryAsync(cancellationToken) != ids.Count) return false; // rolled back on dispose
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "DELETE FROM uploads WHERE id = @id AND state IN ('receiving', 'concatenated')", cancellationToken, ("id", id));
    }

    /// <summary>
    /// The first step of completion, recorded before the file moves: the whole file hashed to <paramref name="sha256"/>
    /// goes to <paramref name="storageKey"/>. Only from 'receiving' with every byte durable.
    /// </summary>
    public async Task MarkCompletingAsync(Guid id, string sha256, string storageKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, """
            UPDATE uploads SET state = 'completing', sha256 = @sha, storage_key = @key
            WHERE id = @id AND state = 'receiving' AND "offset" = length
            """, cancellationToken, ("id", id), ("sha", sha256), ("key", storageKey));
    }

    /// <summary>A completing upload whose bytes are neither in staging nor in the store: it starts again from
    /// zero (the dock still has the file: no receipt was signed, so the camera was not wiped).</summary>
    public async Task RestartAsync(Guid id, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, """
            UPDATE uploads SET state = 'receiving', "offset" = 0, sha256 = NULL, storage_key = NULL, expires_at = @expires
            WHERE id = @id AND state = 'completing'
            """, cancellationToken, ("id", id), ("expires", expires));
    }

    /// <summary>Uploads whose every byte is durable but which are not registered: their completion was cut off.</summary>
    public async Task<IReadOnlyList<Upload>> UnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await QueryAsync(connection, $"""
            SELECT {Columns} FROM uploads
            WHERE state = 'completing' OR (state = 'receiving' AND "offset" = length AND concat <> 'partial')
            LIMIT 500
            """, cancellationToken);
    }

    /// <summary>Unfinished uploads whose time is up.</summary>
    public async Task<IReadOnlyList<Upload>> ExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await QueryAsync(connection, $"SELECT {Columns} FROM uploads WHERE state = 'receiving' AND expires_at <= @now LIMIT 500",
            cancellationToken, ("now", now));
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<Upload>> QueryAsync(NpgsqlConnection connection, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<Upload>();
        while (await reader.ReadAsync(cancellationToken)) found.Add(Read(reader));
        return found;
    }

    private static Upload Read(NpgsqlDataReader r)
    {
        T? Get<T>(int i) => r.IsDBNull(i) ? default : r.GetFieldValue<T>(i);
        DateTimeOffset? Time(int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
        var dock = new DockMetadata(Get<string>(7), Get<string>(8), Get<string>(9), Get<string>(10), Time(11), Get<string>(12), Get<string>(13));
        return new Upload(r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3),
            r.IsDBNull(4) ? null : r.GetInt64(4), r.GetInt64(5), Get<string>(6), dock, r.GetString(14), Get<Guid[]>(15),
            r.GetString(16), Get<string>(17), r.IsDBNull(18) ? null : r.GetGuid(18), Time(19), Get<string>(20));
    }
}
