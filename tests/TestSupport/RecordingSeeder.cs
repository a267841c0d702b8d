using System.Security.Cryptography;
using Cameras.Evidence.Storage;
using Npgsql;

namespace Cameras.TestSupport;

/// <summary>
/// Registers a file as a received recording the way dock ingest does on completion: the original stored under
/// its hash, the catalog row, and <c>NOTIFY recording_received</c> for the workers.
/// </summary>
public static class RecordingSeeder
{
    public static async Task<(Guid Id, string Sha256)> SeedAsync(IObjectStore store, string connectionString, string file,
        string camera = "CAM-TEST", Action<string>? beforeRegistering = null)
    {
        string sha;
        await using (var read = File.OpenRead(file)) sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(read));
        var key = ObjectKeys.Original(sha);
        if (await store.GetInfoAsync(key, CancellationToken.None) is null)
            await using (var read = File.OpenRead(file)) await store.PutAsync(key, read, CancellationToken.None);
        beforeRegistering?.Invoke(key);

        var id = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO recordings (id, sha256, size, storage_key, filename, camera, officer)
            VALUES (@id, @sha, @size, @key, @filename, @camera, 'OFF-TEST');
            SELECT pg_notify('recording_received', @id::text);
            """, connection);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("sha", sha);
        insert.Parameters.AddWithValue("size", new FileInfo(file).Length);
        insert.Parameters.AddWithValue("key", key);
        insert.Parameters.AddWithValue("filename", Path.GetFileName(file));
        insert.Parameters.AddWithValue("camera", camera);
        await insert.ExecuteNonQueryAsync();
        return (id, sha);
    }
}
