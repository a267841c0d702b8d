using System.Security.Cryptography;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cameras.Tests;

/// <summary>Puts a recording where ingest would: the original in the object store, its row in the catalog.</summary>
internal static class SeededRecordings
{
    public static async Task<(Guid Id, string Sha256, byte[] Bytes)> SeedAsync(TestServer server, int size = 100_000, int daysAgo = 0,
        string officer = "officer-1")
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var key = ObjectKeys.Original(sha256);
        await server.Services.GetRequiredService<IObjectStore>().PutAsync(key, bytes, CancellationToken.None);
        var id = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO recordings (id, sha256, size, storage_key, camera, officer, recorded_at)
            VALUES (@id, @sha256, @size, @key, 'CAM-7', @officer, now() - make_interval(days => @daysAgo))
            """, connection);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("sha256", sha256);
        insert.Parameters.AddWithValue("size", (long)size);
        insert.Parameters.AddWithValue("key", key);
        insert.Parameters.AddWithValue("daysAgo", daysAgo);
        insert.Parameters.AddWithValue("officer", officer);
        await insert.ExecuteNonQueryAsync();
        return (id, sha256, bytes);
    }
}
