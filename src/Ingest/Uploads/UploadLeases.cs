using System.Diagnostics;
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cameras.Ingest.Uploads;

/// <summary>
/// One writer per upload across every ingest node: a PostgreSQL advisory lock held on a connection for as long as
/// the request works on the upload (the server drops it if the node dies). A newcomer that finds the lock taken asks
/// the holder to let go (directly on this node, by NOTIFY on others), as tusd does: a client whose connection died
/// and comes back with HEAD gets its upload back instead of 423 until the old request times out.
/// </summary>
public sealed class UploadLeases(NpgsqlDataSource dataSource, IOptions<IngestOptions> options)
{
    public const string ReleaseChannel = "upload_release";

    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _holders = new();

    /// <summary>The upload's lease, or null when its holder did not let go in time.</summary>
    public async Task<UploadLease?> AcquireAsync(Guid id, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var waiting = Stopwatch.StartNew(); // a wait, measured as a duration
            var asked = false;
            while (true)
            {
                if (await TryLockAsync(connection, id, cancellationToken))
                {
                    var holder = new CancellationTokenSource();
                    _holders[id] = holder;
                    return new UploadLease(this, connection, id, holder);
                }
                if (!asked)
                {
                    await AskToReleaseAsync(connection, id, cancellationToken);
                    asked = true;
                }
                if (waiting.Elapsed > options.Value.LeaseWait) break;
                await Task.Delay(50, cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>
    /// The upload's lease if nobody holds it, else null at once: for a new upload (nobody else knows its id) and for
    /// the sweep, which must never make a living writer let go as a client's HEAD does.
    /// </summary>
    public async Task<UploadLease?> TryAcquireAsync(Guid id, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            if (await TryLockAsync(connection, id, cancellationToken))
            {
                var holder = new CancellationTokenSource();
                _holders[id] = holder;
                return new UploadLease(this, connection, id, holder);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>A release request from another node (or this one): the local holder, if any, stops.</summary>
    public void OnReleaseRequested(Guid id)
    {
        if (_holders.TryGetValue(id, out var holder)) holder.Cancel();
    }

    internal async Task ReleaseAsync(UploadLease lease)
    {
        _holders.TryRemove(new KeyValuePair<Guid, CancellationTokenSource>(lease.UploadId, lease.Holder));
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lease.Connection);
            command.Parameters.AddWithValue("key", KeyOf(lease.UploadId));
            await command.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A broken session has lost its locks anyway; never hand it back to the pool holding one.
            NpgsqlConnection.ClearPool(lease.Connection);
        }
        finally
        {
            lease.Holder.Dispose();
            await lease.Connection.DisposeAsync();
        }
    }

    private async Task AskToReleaseAsync(NpgsqlConnection connection, Guid id, CancellationToken cancellationToken)
    {
        OnReleaseRequested(id);
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @id)", connection);
        command.Parameters.AddWithValue("channel", ReleaseChannel);
        command.Parameters.AddWithValue("id", id.ToString());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, Guid id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", KeyOf(id));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>64 bits of the upload id: a collision only makes two uploads wait for each other.</summary>
    private static long KeyOf(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]);
    }
}
