using Cameras.Evidence.Recordings;
using Dapper;
using Npgsql;

namespace Cameras.Transcode.Pipeline;

/// <summary>The catalog changes processing makes: status, reason, probe data, alerts.</summary>
public sealed class RecordingUpdates(NpgsqlDataSource dataSource)
{
    public async Task<RecordingToProcess?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<RecordingToProcess>(new CommandDefinition(
            "SELECT id, sha256, size, storage_key AS StorageKey, status FROM recordings WHERE id = @id",
            new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Moves a recording to <paramref name="status"/>, but never out of quarantine.</summary>
    public async Task SetStatusAsync(Guid id, string status, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE recordings SET status = @status, status_reason = @reason
            WHERE id = @id AND (status <> @quarantined OR @status = @quarantined)
            """, new { id, status, reason, quarantined = RecordingStatus.Quarantined }, cancellationToken: cancellationToken));
    }

    public async Task SaveProbeAsync(Guid id, string probeJson, DateTimeOffset? creationTime, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE recordings SET probe = @probeJson::jsonb, recorded_at = coalesce(recorded_at, @creationTime) WHERE id = @id
            """, new { id, probeJson, creationTime = creationTime?.UtcDateTime }, cancellationToken: cancellationToken));
    }

    public async Task RaiseAlertAsync(Guid recordingId, string kind, string message, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var connection = transaction?.Connection ?? await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO alerts (id, kind, recording_id, message) VALUES (@id, @kind, @recordingId, @message)",
                new { id = Guid.CreateVersion7(), kind, recordingId, message }, transaction, cancellationToken: cancellationToken));
        }
        finally
        {
            if (transaction is null) await connection.DisposeAsync();
        }
    }
}
