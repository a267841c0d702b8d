using Cameras.Evidence.Ledger;
using Npgsql;

namespace Cameras.Evidence.Custody;

/// <summary>
/// Appends events to the custody ledger. The insert is all a writer waits for, so writers never queue behind each
/// other; the <see cref="LedgerSequencer"/> gives each event its place in the Merkle tree shortly after it commits.
/// </summary>
public sealed class PostgresCustodyLedger(NpgsqlDataSource dataSource, LedgerSignal signal) : ICustodyLedger
{
    public async Task<Guid> RecordAsync(CustodyRecord record, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(record.Action);
        var details = CanonicalJson.Serialize(record.Details ?? []);
        var id = Guid.CreateVersion7();
        var connection = transaction?.Connection;
        await using var owned = connection is null ? await dataSource.OpenConnectionAsync(cancellationToken) : null;
        await using var command = new NpgsqlCommand("""
            INSERT INTO custody_events (id, action, subject_kind, subject_id, sha256, actor_subject, actor_role, details)
            VALUES (@id, @action, @kind, @subject, @sha, @actor, @role, @details)
            """, connection ?? owned, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("action", record.Action);
        command.Parameters.AddWithValue("kind", record.SubjectKind);
        command.Parameters.AddWithValue("subject", record.SubjectId);
        command.Parameters.AddWithValue("sha", (object?)record.Sha256 ?? DBNull.Value);
        command.Parameters.AddWithValue("actor", record.Actor.Subject);
        command.Parameters.AddWithValue("role", record.Actor.Role);
        command.Parameters.AddWithValue("details", details);
        await command.ExecuteNonQueryAsync(cancellationToken);
        signal.Notify();
        return id;
    }
}
