using Dapper;
using Npgsql;

namespace Cameras.Transcode.Pipeline;

/// <summary>The state of each processing step of each recording, in <c>processing_steps</c>.</summary>
public sealed class ProcessingSteps(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Creates the pending rows of a recording's steps (no-op for those already there). Whoever creates them is
    /// the one who schedules the recording's job: true for that caller only.
    /// </summary>
    public async Task<bool> EnsureAsync(Guid recordingId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return 0 < await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO processing_steps (recording_id, step, state)
            SELECT @recordingId, step, 'pending' FROM unnest(@steps) AS step
            ON CONFLICT DO NOTHING
            """, new { recordingId, steps = ProcessingStep.All.ToArray() }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyDictionary<string, string>> StatesAsync(Guid recordingId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Step, string State)>(new CommandDefinition(
            "SELECT step, state FROM processing_steps WHERE recording_id = @recordingId", new { recordingId },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Step, r => r.State);
    }

    /// <summary>Marks the steps not yet done as skipped: a finding (unplayable, quarantined) makes them pointless.</summary>
    public Task SkipRemainingAsync(Guid recordingId, CancellationToken cancellationToken) => Execute(
        "UPDATE processing_steps SET state = 'skipped', finished_at = now() WHERE recording_id = @recordingId AND state IN ('pending', 'running')",
        new { recordingId }, cancellationToken);

    public Task StartAsync(Guid recordingId, string step, string node, CancellationToken cancellationToken) => Execute("""
        UPDATE processing_steps SET state = 'running', attempts = attempts + 1, node = @node, error = NULL,
               percent = 0, started_at = now(), finished_at = NULL
        WHERE recording_id = @recordingId AND step = @step
        """, new { recordingId, step, node }, cancellationToken);

    public Task ProgressAsync(Guid recordingId, string step, double percent, CancellationToken cancellationToken) => Execute(
        "UPDATE processing_steps SET percent = @percent WHERE recording_id = @recordingId AND step = @step AND state = 'running'",
        new { recordingId, step, percent = (float)percent }, cancellationToken);

    public Task FinishAsync(Guid recordingId, string step, string state, string? error, CancellationToken cancellationToken) => Execute("""
        UPDATE processing_steps SET state = @state, error = @error, finished_at = now(),
               percent = CASE WHEN @state = 'done' THEN 100 ELSE percent END
        WHERE recording_id = @recordingId AND step = @step
        """, new { recordingId, step, state, error }, cancellationToken);

    private async Task Execute(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }
}
