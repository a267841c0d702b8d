using Npgsql;

namespace Cameras.TestSupport;

/// <summary>
/// What a server has stored: the row count of every catalog table (recordings, uploads, offloads, live feeds and
/// segments, custody events and the ledger, cases, legal holds, exports, quarantine… every table of the schema, so a
/// new one is covered without a change here), and every file, with its size, under the data folder's
/// <c>objects/</c> (the filesystem object store) and <c>staging/</c> (uploads in progress). Taken before and after a
/// request that must change nothing, the two are equal: <see cref="DifferenceFrom"/> says what changed.
/// </summary>
public sealed record StoredState(IReadOnlyDictionary<string, long> Rows, IReadOnlyDictionary<string, long> Files)
{
    /// <summary>Only the catalog's schema counts: the job store (schema hangfire) moves on a timer, whatever requests arrive.</summary>
    private static readonly string[] Ignored = ["schema_migrations"];

    public static Task<StoredState> CaptureAsync(TestServer server) => CaptureAsync(server.DatabaseConnectionString, server.DataFolder);

    public static async Task<StoredState> CaptureAsync(string connectionString, string dataFolder)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await LedgerSettledAsync(connection);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name LIKE ANY (@ignored))
            ORDER BY table_name
            """, connection))
        {
            list.Parameters.AddWithValue("ignored", Ignored);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        if (tables.Count > 0)
        {
            var sql = string.Join(" UNION ALL ", tables.Select(t => $"SELECT '{t}', count(*) FROM \"{t}\""));
            await using var count = new NpgsqlCommand(sql, connection);
            await using var reader = await count.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows[reader.GetString(0)] = reader.GetInt64(1);
        }
        var files = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var folder in new[] { "objects", "staging" })
        {
            var root = Path.Combine(dataFolder, folder);
            if (!Directory.Exists(root)) continue;
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
                files[Path.GetRelativePath(dataFolder, file)] = new FileInfo(file).Length;
        }
        return new StoredState(rows, files);
    }

    /// <summary>
    /// The ledger sequencer turns custody events into ledger nodes a moment after they are written: counted between
    /// the two, an earlier request's events would look like this one's. Waits (at most 10 s) until none is pending.
    /// </summary>
    private static async Task LedgerSettledAsync(NpgsqlConnection connection)
    {
        await using var pending = new NpgsqlCommand("""
            SELECT to_regclass('custody_events') IS NOT NULL AND EXISTS (SELECT 1 FROM custody_events WHERE seq IS NULL)
            """, connection);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((bool)(await pending.ExecuteScalarAsync())! && DateTime.UtcNow < deadline) await Task.Delay(50);
    }

    /// <summary>Empty when nothing changed since <paramref name="before"/>; else one line per table or file that did.</summary>
    public string DifferenceFrom(StoredState before)
    {
        var changes = new List<string>();
        foreach (var table in before.Rows.Keys.Union(Rows.Keys).Order(StringComparer.Ordinal))
        {
            var (was, now) = (before.Rows.GetValueOrDefault(table), Rows.GetValueOrDefault(table));
            if (was != now) changes.Add($"table {table}: {was} → {now} rows");
        }
        foreach (var file in before.Files.Keys.Union(Files.Keys).Order(StringComparer.Ordinal))
        {
            var was = before.Files.TryGetValue(file, out var a) ? $"{a} bytes" : "absent";
            var now = Files.TryGetValue(file, out var b) ? $"{b} bytes" : "absent";
            if (was != now) changes.Add($"file {file}: {was} → {now}");
        }
        return string.Join("; ", changes);
    }
}
