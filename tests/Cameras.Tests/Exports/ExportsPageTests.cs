using System.Security.Cryptography;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cameras.Tests.Exports;

/// <summary>
/// Headless Chromium on the exports page, as an operator then a magistrate: the export is built, shown sealed, shared,
/// listed for the magistrate and downloaded by the browser itself; the file on disk is the package the server stored.
/// </summary>
public sealed class ExportsPageTests(ExportServer fixture) : IClassFixture<ExportServer>
{
    [Fact]
    public async Task An_operator_builds_and_shares_an_export_and_the_magistrate_downloads_it_in_the_browser()
    {
        var server = fixture.Server;
        var recordings = new[] { await SeededRecordings.SeedAsync(server, 400_000), await SeededRecordings.SeedAsync(server, 410_000) };
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, ".test-results");
        Directory.CreateDirectory(folder);
        var downloaded = Path.Combine(fixture.NewFolder(), "download.zip");

        var result = await ExternalProcess.RunAsync("node", [Path.Combine(TestEnvironment.RepositoryRoot, "tests/tools/dashboard-exports.mjs"),
            server.Address.ToString().TrimEnd('/'), server.Token(Roles.Operator, "op-exports"), server.Token(Roles.Magistrate, "mag-1"), "mag-1",
            string.Join(',', recordings.Select(r => r.Id)), "PV-2026-0099", downloaded, Path.Combine(folder, "exports-page")],
            timeout: TimeSpan.FromMinutes(4));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var steps = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(s => s.GetProperty("step").GetString()!);
        Assert.Equal(["refused", "sealed", "share-empty", "shared", "listed", "reason-missing", "downloaded"], steps.Keys);
        Assert.Equal("Refusé : aucun enregistrement choisi.", steps["refused"].GetProperty("message").GetString());
        Assert.Equal("scellé", steps["sealed"].GetProperty("state").GetString());
        Assert.Contains("Indiquez l'identifiant du magistrat", steps["share-empty"].GetProperty("message").GetString());
        Assert.StartsWith("Partagé avec mag-1 jusqu'au", steps["shared"].GetProperty("message").GetString());
        Assert.Equal("Mes exports", steps["listed"].GetProperty("title").GetString());
        Assert.Equal("scellé", steps["listed"].GetProperty("state").GetString());
        Assert.Equal("Indiquez le motif du téléchargement.", steps["reason-missing"].GetProperty("message").GetString());
        var exportId = Guid.Parse(steps["sealed"].GetProperty("id").GetString()!);
        var download = steps["downloaded"];
        Assert.Equal(JsonValueKind.Null, download.GetProperty("failure").ValueKind);
        Assert.Equal($"PV-2026-0099_export-{exportId}.zip", download.GetProperty("filename").GetString());

        await using var connection = new NpgsqlConnection(server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT object_key FROM exports WHERE id = @id", connection);
        query.Parameters.AddWithValue("id", exportId);
        var key = (string)(await query.ExecuteScalarAsync())!;
        await using (var stored = await server.Services.GetRequiredService<IObjectStore>().OpenReadAsync(key, 0, null, CancellationToken.None))
        await using (var file = File.OpenRead(downloaded))
            Assert.Equal(Convert.ToHexString(await SHA256.HashDataAsync(stored)), Convert.ToHexString(await SHA256.HashDataAsync(file)));

        await using var log = new NpgsqlCommand("SELECT count(*) FROM custody_events WHERE action = 'export.disclosed' AND subject_id = @id " +
            "AND actor_subject = 'mag-1' AND (SELECT lp.fields::jsonb->>'reason' FROM ledger_personal lp WHERE lp.event_id = custody_events.id) = 'audience du 3 décembre' " +
            "AND details::jsonb->>'procedure' = 'PV-2026-0099'", connection);
        log.Parameters.AddWithValue("id", exportId.ToString());
        Assert.Equal(1L, (long)(await log.ExecuteScalarAsync())!);
        Assert.True(File.Exists(Path.Combine(folder, "exports-page-magistrate.png")));
    }
}
