using System.Threading.Channels;
using Cameras.Evidence.Ledger;
using Cameras.Evidence.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Cameras.Evidence.Custody;

/// <summary>
/// Appends events to the custody ledger. The insert is all a writer waits for; the <see cref="LedgerSequencer"/>
/// gives each event its place in the Merkle tree shortly after it commits. Events recorded inside a caller's
/// transaction are inserted there; the others are grouped: whatever concurrent writers hand in while the previous
/// insert runs goes in together, one statement and one commit (group commit), each writer still waiting for its own.
/// </summary>
public sealed class PostgresCustodyLedger : ICustodyLedger, IAsyncDisposable
{
    private const int MaxGroup = 500;
    private const int Flushers = 4;

    private readonly NpgsqlDataSource _dataSource;
    private readonly LedgerSignal _signal;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _flushers;

    private sealed record Pending(Guid Id, CustodyRecord Record, string Details, TaskCompletionSource<Guid> Done);

    public PostgresCustodyLedger(NpgsqlDataSource dataSource, LedgerSignal signal)
    {
        _dataSource = dataSource;
        _signal = signal;
        _flushers = Enumerable.Range(0, Flushers).Select(_ => Task.Run(FlushLoopAsync)).ToArray();
    }

    public async Task<Guid> RecordAsync(CustodyRecord record, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(record.Action);
        // Checked here, not by the table's CHECK, so one bad event cannot fail the others grouped with it.
        if (record.Sha256 is not null && !ObjectKeys.IsSha256Hex(record.Sha256))
            throw new ArgumentException("A custody event's sha256 is 64 lower-case hex digits.", nameof(record));
        var pending = new Pending(Guid.CreateVersion7(), record, CanonicalJson.Serialize(record.Details ?? []),
            new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (transaction is not null)
        {
            await InsertAsync(transaction.Connection!, transaction, [pending], cancellationToken);
            _signal.Notify();
            return pending.Id;
        }
        _queue.Writer.TryWrite(pending);
        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushLoopAsync()
    {
        var group = new List<Pending>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var next)) group.Add(next);
            if (group.Count == 0) continue;
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync();
                await InsertAsync(connection, null, group, CancellationToken.None);
                foreach (var p in group) p.Done.TrySetResult(p.Id);
                _signal.Notify();
            }
            catch (Exception e)
            {
                foreach (var p in group) p.Done.TrySetException(e);
            }
        }
    }

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<Pending> group,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO custody_events (id, action, subject_kind, subject_id, sha256, actor_subject, actor_role, details)
            SELECT * FROM unnest(@id, @action, @kind, @subject, @sha, @actor, @role, @details)
            """, connection, transaction);
        Add(command, "id", NpgsqlDbType.Uuid, group.Select(p => p.Id));
        Add(command, "action", NpgsqlDbType.Text, group.Select(p => p.Record.Action));
        Add(command, "kind", NpgsqlDbType.Text, group.Select(p => p.Record.SubjectKind));
        Add(command, "subject", NpgsqlDbType.Text, group.Select(p => p.Record.SubjectId));
        Add(command, "sha", NpgsqlDbType.Text, group.Select(p => p.Record.Sha256));
        Add(command, "actor", NpgsqlDbType.Text, group.Select(p => p.Record.Actor.Subject));
        Add(command, "role", NpgsqlDbType.Text, group.Select(p => p.Record.Actor.Role));
        Add(command, "details", NpgsqlDbType.Text, group.Select(p => p.Details));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType type, IEnumerable<T> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values.ToArray() });

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_flushers);
    }
}
