using Npgsql;

namespace Cameras.Evidence.Ledger;

/// <summary>Reads events, checkpoints and proofs. Proofs are a single batched read of stored complete nodes.</summary>
public sealed class LedgerReader(NpgsqlDataSource dataSource)
{
    /// <summary>The number of sequenced events and the latest checkpoint (null before the first).</summary>
    public async Task<(long Size, Checkpoint? Latest)> HeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await LedgerNodes.TreeSizeAsync(connection, cancellationToken),
            await CheckpointStore.LatestAsync(connection, cancellationToken));
    }

    public async Task<IReadOnlyList<Checkpoint>> CheckpointsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CheckpointStore.ListAsync(connection, $"ORDER BY size DESC LIMIT {limit}", cancellationToken);
    }

    public async Task<Checkpoint?> CheckpointAsync(long size, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await CheckpointStore.ListAsync(connection, $"WHERE size = {size}", cancellationToken)).FirstOrDefault();
    }

    /// <summary>A sequenced event with its stored leaf hash and personal part, or null.</summary>
    public async Task<StoredEvent?> EventAsync(long seq, CancellationToken cancellationToken)
    {
        var found = await QueryEventsAsync("WHERE e.seq = @a", seq, null, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Every event about one subject (e.g. "recording", id), sequenced ones first in tree order.</summary>
    public Task<List<StoredEvent>> EventsAboutAsync(string kind, string id, CancellationToken cancellationToken) =>
        QueryEventsAsync("WHERE e.subject_kind = @a AND e.subject_id = @b ORDER BY e.seq NULLS LAST, e.arrival", kind, id, cancellationToken);

    /// <summary>RFC 6962 inclusion proof of event <paramref name="seq"/> in the tree of <paramref name="size"/> events.</summary>
    public async Task<byte[][]> InclusionProofAsync(long seq, long size, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var nodes = await LedgerNodes.ReadAsync(connection, MerkleProofs.InclusionNodes(seq, size), cancellationToken);
        return MerkleProofBuilder.BuildInclusionProof(seq, size, id => nodes[id]);
    }

    /// <summary>RFC 6962 consistency proof between the trees of <paramref name="from"/> and <paramref name="to"/> events.</summary>
    public async Task<byte[][]> ConsistencyProofAsync(long from, long to, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var nodes = await LedgerNodes.ReadAsync(connection, MerkleProofs.ConsistencyNodes(from, to), cancellationToken);
        return MerkleProofBuilder.BuildConsistencyProof(from, to, id => nodes[id]);
    }

    private async Task<List<StoredEvent>> QueryEventsAsync(string where, object a, object? b, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {LedgerEventReader.Columns} FROM {LedgerEventReader.From} {where}", connection);
        command.Parameters.AddWithValue("a", a);
        if (b is not null) command.Parameters.AddWithValue("b", b);
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            events.Add(new StoredEvent(LedgerEventReader.Read(reader), LedgerEventReader.StoredLeafHash(reader), LedgerEventReader.Personal(reader)));
        return events;
    }
}
