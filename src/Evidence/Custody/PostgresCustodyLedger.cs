using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Cameras.Evidence.Custody;

/// <summary>Custody events as append-only rows in PostgreSQL.</summary>
internal sealed class PostgresCustodyLedger(NpgsqlDataSource dataSource) : ICustodyLedger
{
    public async Task<Guid> RecordAsync(CustodyRecord record, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
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
        command.Parameters.AddWithValue("details", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(record.Details ?? []));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }
}
