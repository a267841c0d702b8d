using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Npgsql;

namespace Cameras.Tests.Exports;

/// <summary>
/// Where data leave (CSI R241-5: « le service ou l'unité destinataire des données ») and what for: the register shows
/// each communication with its recipient and their service; an export states its motif, and a training
/// (pédagogique) one is refused while the recording has no anonymised copy (R241-4).
/// </summary>
public sealed class CommunicationTests(ExportServer fixture) : IClassFixture<ExportServer>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_share_and_its_download_are_in_the_register_with_the_magistrate_and_their_service()
    {
        var recording = await SeededRecordings.SeedAsync(Server, 150_000);
        var export = await ExportKit.CreateAndWaitAsync(Server, [recording.Id], procedure: "PV-COMM-1");
        using (var operatorClient = Server.ClientFor(Roles.Operator, "operator-comm"))
        {
            using var shared = await operatorClient.PostAsJsonAsync($"/api/exports/{export.Id}/shares",
                new ShareRequest("magistrate-comm", null, "Parquet de Lyon"), ExportKit.Json);
            Assert.True(shared.IsSuccessStatusCode, await shared.Content.ReadAsStringAsync());
            Assert.Equal("Parquet de Lyon", (await shared.Content.ReadFromJsonAsync<ShareView>(ExportKit.Json))!.Service);
        }
        using (var magistrate = Server.ClientFor(Roles.Magistrate, "magistrate-comm"))
            (await magistrate.GetAsync($"/api/exports/{export.Id}/package?reason=audience&motif=judiciaire")).EnsureSuccessStatusCode();
        using var admin = Server.ClientFor(Roles.Admin);
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();

        var page = await admin.GetFromJsonAsync<JsonElement>("/api/registre?procedure=PV-COMM-1&kind=communication");

        var entries = page.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("action").GetString()!);
        Assert.Equal(["export.disclosed", "export.shared", "recording.extracted"], entries.Keys.Order());
        foreach (var action in new[] { "export.shared", "export.disclosed" })
        {
            Assert.Equal("magistrate-comm", entries[action].GetProperty("recipient").GetString());
            Assert.Equal("Parquet de Lyon", entries[action].GetProperty("recipientService").GetString());
        }
        Assert.Equal("M-operator-comm", entries["export.shared"].GetProperty("matricule").GetString());
        Assert.Equal("judiciaire", entries["recording.extracted"].GetProperty("motif").GetString());
    }

    [Theory]
    [InlineData("pedagogique", HttpStatusCode.Conflict, "anonymised-copy-required", "no anonymised copy")]
    [InlineData("curiosite", HttpStatusCode.BadRequest, "motif-required", "must be one of judiciaire, administratif")]
    public async Task An_export_for_training_without_an_anonymised_copy_or_with_an_unknown_motif_is_refused_and_stores_nothing(
        string motif, HttpStatusCode status, string code, string detail)
    {
        var recording = await SeededRecordings.SeedAsync(Server, 120_000);
        using var operatorClient = Server.ClientFor(Roles.Operator);
        const string Extractions = "SELECT count(*) FROM custody_events WHERE action IN ('export.created', 'recording.extracted')";
        var before = await CountAsync(Extractions);

        using var response = await operatorClient.PostAsJsonAsync("/api/exports",
            new CreateExportRequest("PV-FORM-1", "formation des équipes", [recording.Id], null, Motif: motif), ExportKit.Json);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM export_items WHERE recording_id = '{recording.Id}'"));
        Assert.Equal(0, await CountAsync($"SELECT count(*) FROM legal_holds WHERE recording_id = '{recording.Id}'"));
        Assert.Equal(before, await CountAsync(Extractions));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
