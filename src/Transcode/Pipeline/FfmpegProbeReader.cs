using Cameras.Transcode.Ffmpeg;
using Dapper;
using Npgsql;

namespace Cameras.Transcode.Pipeline;

/// <summary>Reads back the probe an earlier attempt saved, so a resumed run need not probe again.</summary>
public sealed class FfmpegProbeReader(NpgsqlDataSource dataSource)
{
    public async Task<MediaProbe?> ReadAsync(Guid recordingId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var json = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT probe::text FROM recordings WHERE id = @recordingId", new { recordingId }, cancellationToken: cancellationToken));
        return json is null ? null : MediaProbe.Parse(json);
    }
}
