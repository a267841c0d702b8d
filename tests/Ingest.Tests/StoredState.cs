using Npgsql;

namespace Cameras.Ingest.Tests;

/// <summary>What a server holds: catalog row counts and the files of staging and of the object store. A refused
/// request must leave it exactly as it was.</summary>
public sealed record StoredState(string Rows, string StagingFiles, string ObjectFiles)
{
    public static async Task<StoredState> CaptureAsync(string connectionString, string dataFolder)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT format('uploads=%s offloads=%s recordings=%s custody_events=%s quarantine=%s',
                (SELECT count(*) FROM uploads), (SELECT count(*) FROM offloads), (SELECT count(*) FROM recordings),
                (SELECT count(*) FROM custody_events), (SELECT count(*) FROM quarantine))
            """, connection);
        var rows = (string)(await command.ExecuteScalarAsync())!;
        return new StoredState(rows, Files(Path.Combine(dataFolder, "staging")), Files(Path.Combine(dataFolder, "objects")));
    }

    private static string Files(string folder) => !Directory.Exists(folder) ? "" : string.Join(" ",
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal));
}
