using Npgsql;

namespace Cameras.Transcode.Pipeline;

/// <summary>
/// At most one run of a recording's pipeline at a time, cluster-wide: a PostgreSQL session advisory lock held
/// for the run. Two nodes may both schedule a recording they were told about; the second run finds the lease
/// taken and leaves. A node that dies loses its connection, and with it the lease.
/// </summary>
public sealed class RecordingLease : IAsyncDisposable
{
    // Keeps these locks apart from any other advisory lock the application takes.
    private const int Namespace = 0x50524F43; // "PROC"

    private readonly NpgsqlConnection _connection;
    private readonly int _key;

    private RecordingLease(NpgsqlConnection connection, int key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lease, or null when another run holds it.</summary>
    public static async Task<RecordingLease?> TryTakeAsync(NpgsqlDataSource dataSource, Guid recordingId, CancellationToken cancellationToken)
    {
        var key = recordingId.GetHashCode();
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@ns, @key)", connection);
        take.Parameters.AddWithValue("ns", Namespace);
        take.Parameters.AddWithValue("key", key);
        if (await take.ExecuteScalarAsync(cancellationToken) is true) return new RecordingLease(connection, key);
        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled connections keep session locks: let go explicitly before the connection goes back.
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@ns, @key)", _connection))
        {
            release.Parameters.AddWithValue("ns", Namespace);
            release.Parameters.AddWithValue("key", _key);
            await release.ExecuteScalarAsync();
        }
        await _connection.DisposeAsync();
    }
}
