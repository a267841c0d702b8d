using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.Evidence.Storage;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cameras.Tests.Exports;

/// <summary>
/// Headless Chromium on the workspace's exports, as an operator then a magistrate, each arriving by the former exports
/// page's address: the export is built on the case page, shown sealed, shared, listed for the magistrate on « Mes
/// exports » and downloaded by the browser itself; the file on disk is the package the server stored.
/// </summary>
public sealed class ExportsPageTests(ExportServer fixture) : IClassFixture<ExportServer>
{
    [Fact]
    public async Task An_operator_builds_and_shares_an_export_on_the_case_page_and_the_magistrate_downloads_it_in_the_browser()
    {
        var server = fixture.Server;
        var recordings = new[] { await SeededRecordings.SeedAsync(server, 400_000), await SeededRecordings.SeedAsync(server, 410_000) };
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, ".test-results");
        Directory.CreateDirectory(folder);
        var downloaded = Path.Combine(fixture.NewFolder(), "download.zip");
        using var operatorClient = server.ClientFor(Roles.Operator, "op-exports");
        using var created = await operatorClient.PostAsJsonAsync("/api/cases",
            new { procedure = "PV-2026-0099", title = "Vol à l’étalage", recordings = recordings.Select(r => r.Id), motif = "judiciaire", reason = "plainte du magasin" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var caseId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var result = await ExternalProcess.RunAsync("node", [Path.Combine(TestEnvironment.RepositoryRoot, "tests/tools/dashboard-exports.mjs"),
            server.Address.ToString().TrimEnd('/'), server.Token(Roles.Operator, "op-exports"), server.Token(Roles.Magistrate, "mag-1"), "mag-1",
            caseId, downloaded, Path.Combine(folder, "exports-page")],
            timeout: TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var steps = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(s => s.GetProperty("step").GetString()!);
        Assert.Equal(["redirected", "sealed", "shared", "listed", "reason-missing", "downloaded"], steps.Keys);
        Assert.Equal("/app/cases.html", steps["redirected"].GetProperty("path").GetString());
        Assert.Equal("Agent Test · opérateur", steps["redirected"].GetProperty("identity").GetString()); // the test token's agent
        Assert.True(steps["sealed"].GetProperty("stopped").GetBoolean());
        var sealedText = steps["sealed"].GetProperty("text").GetString()!;
        Assert.Contains("scellé", sealedText);
        Assert.Contains("2 enregistrement(s)", sealedText);
        Assert.Contains("avec copies de lecture", sealedText);
        Assert.Contains("Empreinte du manifeste", sealedText);
        Assert.StartsWith("mag-1 — expire le", steps["shared"].GetProperty("text").GetString());
        var exportId = Guid.Parse(steps["sealed"].GetProperty("id").GetString()!);
        Assert.Equal("/app/packages.html", steps["listed"].GetProperty("path").GetString());
        Assert.Equal("Mes exports", steps["listed"].GetProperty("title").GetString());
        Assert.Equal([exportId.ToString()], steps["listed"].GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("download-motif", steps["reason-missing"].GetProperty("motifFirst").GetString());
        Assert.Equal("download-reason", steps["reason-missing"].GetProperty("focused").GetString());
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
            "AND " + CustodyReading.ActorSubjectSql + " = 'mag-1' AND (SELECT lp.fields::jsonb->>'reason' FROM ledger_personal lp WHERE lp.event_id = custody_events.id) = 'audience du 3 décembre' " +
            "AND details::jsonb->>'procedure' = 'PV-2026-0099' AND details::jsonb->>'motif' = 'judiciaire'", connection);
        log.Parameters.AddWithValue("id", exportId.ToString());
        Assert.Equal(1L, (long)(await log.ExecuteScalarAsync())!);
        Assert.True(File.Exists(Path.Combine(folder, "exports-page-magistrate.png")));
    }
}
