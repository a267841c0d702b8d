using System.Text;
using System.Text.Json;
using Cameras.Evidence.Access;
using Dapper;
using Npgsql;

namespace Cameras.Evidence.Recordings;

/// <summary>Reads the catalog of recordings, within what the caller may see (<see cref="AccessScope"/>).</summary>
public sealed class RecordingCatalog(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns = """
        id, sha256, size, filename, camera, officer, station, offload_id, recorded_at, received_at,
        status, status_reason, probe::text AS probe, delete_after, description
        """;

    /// <returns>the recording, or null when it does not exist or is out of <paramref name="scope"/></returns>
    public async Task<Recording?> FindAsync(Guid id, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM recordings r WHERE r.id = @id AND {scope.Recordings("r")}", scope.Parameters(clock, new { id }),
            cancellationToken: cancellationToken));
        if (row is null) return null;
        var jobs = await connection.QueryAsync<(string, string, float, int, string?, string?, DateTime?, DateTime?)>(new CommandDefinition("""
            SELECT step, state, percent, attempts, node, error, started_at, finished_at FROM processing_steps
            WHERE recording_id = @id ORDER BY array_position(ARRAY['probe','verify','proxy','thumbnails'], step)
            """, new { id }, cancellationToken: cancellationToken));
        var derivatives = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT kind FROM derivatives WHERE recording_id = @id ORDER BY kind", new { id }, cancellationToken: cancellationToken));
        return row.ToRecording() with
        {
            Jobs = jobs.Select(j => new RecordingJob(j.Item1, j.Item2, j.Item3, j.Item4, j.Item5, j.Item6, Utc(j.Item7), Utc(j.Item8))).ToList(),
            Derivatives = derivatives.ToList(),
        };
    }

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(v, TimeSpan.Zero) : null;

    /// <summary>Whether recording <paramref name="id"/> exists within <paramref name="scope"/>, for what hangs off it (holds, playback).</summary>
    public async Task<bool> IsVisibleAsync(Guid id, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT EXISTS (SELECT 1 FROM recordings r WHERE r.id = @id AND {scope.Recordings("r")})", scope.Parameters(clock, new { id }),
            cancellationToken: cancellationToken));
    }

    /// <summary>Recording <paramref name="id"/>'s status within <paramref name="scope"/>, or null when out of it: one query, for each segment a player asks for.</summary>
    public async Task<string?> StatusAsync(Guid id, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            $"SELECT r.status FROM recordings r WHERE r.id = @id AND {scope.Recordings("r")}", scope.Parameters(clock, new { id }),
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Recording>> SearchAsync(RecordingFilter filter, AccessScope scope, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM recordings r WHERE {scope.Recordings("r")}");
        if (filter.Sha256 is not null) sql.Append(" AND sha256 = @Sha256");
        if (filter.Camera is not null) sql.Append(" AND camera = @Camera");
        if (filter.Officer is not null) sql.Append(" AND officer = @Officer");
        if (filter.From is not null) sql.Append(" AND recorded_at >= @From");
        if (filter.To is not null) sql.Append(" AND recorded_at < @To");
        if (filter.Status is not null) sql.Append(" AND status = @Status");
        sql.Append(" ORDER BY recorded_at DESC NULLS LAST, received_at DESC LIMIT @Limit");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql.ToString(), scope.Parameters(clock, filter), cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecording()).ToList();
    }

    private sealed record Row(
        Guid Id, string Sha256, long Size, string? Filename, string? Camera, string? Officer, string? Station,
        string? Offload_Id, DateTime? Recorded_At, DateTime Received_At, string Status, string? Status_Reason,
        string? Probe, DateTime? Delete_After, string? Description)
    {
        public Recording ToRecording() => new(
            Id, Sha256, Size, Filename, Camera, Officer, Station, Offload_Id,
            Recorded_At is { } r ? new DateTimeOffset(r, TimeSpan.Zero) : null,
            new DateTimeOffset(Received_At, TimeSpan.Zero), Status, Status_Reason,
            Probe is null ? null : JsonDocument.Parse(Probe).RootElement.Clone(),
            Delete_After is { } d ? new DateTimeOffset(d, TimeSpan.Zero) : null) { Description = Description };
    }
}
