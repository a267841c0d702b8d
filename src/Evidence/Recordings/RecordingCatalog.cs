using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace Cameras.Evidence.Recordings;

/// <summary>Reads the catalog of recordings.</summary>
public sealed class RecordingCatalog(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id, sha256, size, filename, camera, officer, station, offload_id, recorded_at, received_at,
        status, status_reason, probe::text AS probe, delete_after
        """;

    public async Task<Recording?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM recordings WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToRecording();
    }

    public async Task<IReadOnlyList<Recording>> SearchAsync(RecordingFilter filter, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM recordings WHERE true");
        if (filter.Sha256 is not null) sql.Append(" AND sha256 = @Sha256");
        if (filter.Camera is not null) sql.Append(" AND camera = @Camera");
        if (filter.Officer is not null) sql.Append(" AND officer = @Officer");
        if (filter.From is not null) sql.Append(" AND recorded_at >= @From");
        if (filter.To is not null) sql.Append(" AND recorded_at < @To");
        if (filter.Status is not null) sql.Append(" AND status = @Status");
        sql.Append(" ORDER BY recorded_at DESC NULLS LAST, received_at DESC LIMIT @Limit");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql.ToString(), filter, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecording()).ToList();
    }

    private sealed record Row(
        Guid Id, string Sha256, long Size, string? Filename, string? Camera, string? Officer, string? Station,
        string? Offload_Id, DateTime? Recorded_At, DateTime Received_At, string Status, string? Status_Reason,
        string? Probe, DateTime? Delete_After)
    {
        public Recording ToRecording() => new(
            Id, Sha256, Size, Filename, Camera, Officer, Station, Offload_Id,
            Recorded_At is { } r ? new DateTimeOffset(r, TimeSpan.Zero) : null,
            new DateTimeOffset(Received_At, TimeSpan.Zero), Status, Status_Reason,
            Probe is null ? null : JsonDocument.Parse(Probe).RootElement.Clone(),
            Delete_After is { } d ? new DateTimeOffset(d, TimeSpan.Zero) : null);
    }
}
