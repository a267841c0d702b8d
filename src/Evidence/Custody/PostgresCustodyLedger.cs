using System.Security.Cryptography;
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

    private sealed record Pending(Guid Id, CustodyRecord Record, string Details, Personal? Personal, TaskCompletionSource<Guid> Done);

    /// <summary>A personal part ready to store: its canonical fields, their salt and the commitment the leaf carries.</summary>
    private sealed record Personal(string Fields, byte[] Salt, string Commitment, DateTime? Until, string? Matricule)
    {
        public static Personal? Of(PersonalPart? part)
        {
            if (part is null) return null;
            var fields = CanonicalJson.Serialize(part.Fields);
            var salt = RandomNumberGenerator.GetBytes(PersonalPart.SaltBytes);
            return new Personal(fields, salt, PersonalPart.Commitment(salt, fields), part.Until?.UtcDateTime, part.Matricule);
        }
    }

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
        var pending = new Pending(Guid.CreateVersion7(), record, CanonicalJson.Serialize(record.Details ?? []), Personal.Of(record.Personal),
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
        // One statement for the events and their personal parts, so a part exists exactly when its event does.
        await using var command = new NpgsqlCommand("""
            WITH inserted AS (
                INSERT INTO custody_events (id, action, subject_kind, subject_id, sha256, actor_subject, actor_role, details,
                                            personal_sha256, personal_until)
                SELECT * FROM unnest(@id, @action, @kind, @subject, @sha, @actor, @role, @details, @commitment, @until)
                RETURNING id, recorded_at)
            INSERT INTO ledger_personal (event_id, recorded_at, erase_after, salt, fields, matricule)
            SELECT i.id, i.recorded_at, p.until, p.salt, p.fields, p.matricule
            FROM inserted i JOIN unnest(@pid, @puntil, @psalt, @pfields, @pmatricule) AS p (id, until, salt, fields, matricule)
                ON p.id = i.id
            """, connection, transaction);
        Add(command, "id", NpgsqlDbType.Uuid, group.Select(p => p.Id));
        Add(command, "action", NpgsqlDbType.Text, group.Select(p => p.Record.Action));
        Add(command, "kind", NpgsqlDbType.Text, group.Select(p => p.Record.SubjectKind));
        Add(command, "subject", NpgsqlDbType.Text, group.Select(p => p.Record.SubjectId));
        Add(command, "sha", NpgsqlDbType.Text, group.Select(p => p.Record.Sha256));
        // A person's subject named in the personal part is left out of the row and its leaf (version 3): erased with the part.
        Add(command, "actor", NpgsqlDbType.Text, group.Select(p => p.Record.Personal?.ActorSubject == p.Record.Actor.Subject ? null : p.Record.Actor.Subject));
        Add(command, "role", NpgsqlDbType.Text, group.Select(p => p.Record.Actor.Role));
        Add(command, "details", NpgsqlDbType.Text, group.Select(p => p.Details));
        Add(command, "commitment", NpgsqlDbType.Text, group.Select(p => p.Personal?.Commitment));
        Add(command, "until", NpgsqlDbType.TimestampTz, group.Select(p => p.Personal?.Until));
        var personal = group.Where(p => p.Personal is not null).ToList();
        Add(command, "pid", NpgsqlDbType.Uuid, personal.Select(p => p.Id));
        Add(command, "puntil", NpgsqlDbType.TimestampTz, personal.Select(p => p.Personal!.Until));
        Add(command, "psalt", NpgsqlDbType.Bytea, personal.Select(p => p.Personal!.Salt));
        Add(command, "pfields", NpgsqlDbType.Text, personal.Select(p => p.Personal!.Fields));
        Add(command, "pmatricule", NpgsqlDbType.Text, personal.Select(p => p.Personal!.Matricule));
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
