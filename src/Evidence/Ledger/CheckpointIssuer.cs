using System.Text;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Npgsql;

namespace Cameras.Evidence.Ledger;

/// <summary>
/// Signs the current tree head and stores it twice: as a write-once object (with the leaf hashes it adds since
/// the previous checkpoint, so a verifier can later name a changed event even if every row was recomputed), then
/// as a row. The objects are written first: a crash in between leaves an object without a row, never the reverse.
/// </summary>
public sealed class CheckpointIssuer(NpgsqlDataSource dataSource, IObjectStore store, InstanceKeys keys, string origin, TimeProvider clock)
{
    // "LCHK" in ASCII: one issuer at a time across nodes.
    private const long LockKey = 0x4C43484B;

    /// <summary>Issues a checkpoint of everything sequenced; returns the latest one unchanged when nothing is new.</summary>
    public async Task<Checkpoint?> IssueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection))
        {
            lockCommand.Parameters.AddWithValue("key", LockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        var latest = await CheckpointStore.LatestAsync(connection, cancellationToken);
        var size = await LedgerNodes.TreeSizeAsync(connection, cancellationToken);
        if (size == 0 || (latest is not null && latest.Size >= size)) return latest;

        var peakIds = CompactRange.PeakIds(size);
        var peaks = await LedgerNodes.ReadAsync(connection, peakIds, cancellationToken);
        var root = MerkleProofBuilder.BuildRootHash(size, id => peaks[id]);
        var from = latest?.Size ?? 0;
        await PutOnceAsync(LeafBundle.ObjectKey(from, size), await LeafBundle.ReadAsync(connection, from, size, cancellationToken), cancellationToken);

        var key = keys.Get(InstanceKeys.LedgerSigning);
        var checkpoint = Checkpoint.Sign(origin, size, root, clock.GetUtcNow(), key, keys.KeyId(InstanceKeys.LedgerSigning));
        try
        {
            await store.PutAsync(Checkpoint.ObjectKey(size), Encoding.UTF8.GetBytes(checkpoint.Note), cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // An earlier attempt stored it and stopped before its row: keep that one if it is genuine.
            var existing = Checkpoint.Parse(await ReadTextAsync(Checkpoint.ObjectKey(size), cancellationToken));
            if (existing is null || !existing.IsSignedBy(key) || !existing.RootHash.AsSpan().SequenceEqual(root))
                throw new InvalidOperationException($"The object store holds a different checkpoint for size {size}; run `cameras ledger verify`.");
            checkpoint = existing;
        }
        await CheckpointStore.InsertAsync(connection, checkpoint, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return checkpoint;
    }

    private async Task PutOnceAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            await store.PutAsync(key, content, cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            await using var stream = await store.OpenReadAsync(key, 0, null, cancellationToken);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            if (!copy.ToArray().AsSpan().SequenceEqual(content))
                throw new InvalidOperationException($"The object store holds different leaf hashes under {key}; run `cameras ledger verify`.");
        }
    }

    private async Task<string> ReadTextAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, 0, null, cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
