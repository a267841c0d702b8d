using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Security;
using Cameras.TestSupport;
using Npgsql;

namespace Cameras.Tests.Exports;

/// <summary>Who may download what, for how long, and what a refused request leaves behind (nothing).</summary>
public sealed class AccessTests(ExportServer fixture) : IClassFixture<ExportServer>
{
    private TestServer Server => fixture.Server;

    private async Task<ExportView> SealedAsync()
    {
        var recording = await SeededRecordings.SeedAsync(Server, 300_000);
        return await ExportKit.CreateAndWaitAsync(Server, [recording.Id]);
    }

    [Fact]
    public async Task An_expired_link_is_410()
    {
        var export = await SealedAsync();
        await ExportKit.ShareAsync(Server, export.Id, "magistrate-late", fixture.Clock.GetUtcNow().AddMinutes(10));
        using var magistrate = Server.ClientFor(Roles.Magistrate, "magistrate-late");
        Assert.Equal(HttpStatusCode.OK, (await magistrate.GetAsync($"/api/exports/{export.Id}/package?reason=audience&motif=judiciaire")).StatusCode);
        fixture.Clock.Advance(TimeSpan.FromMinutes(11)); // the server's clock: nothing sleeps

        using var response = await magistrate.GetAsync($"/api/exports/{export.Id}/package?reason=audience&motif=judiciaire");

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("link-expired", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Another_magistrates_export_is_404_as_if_it_did_not_exist_and_not_listed()
    {
        var export = await SealedAsync();
        await ExportKit.ShareAsync(Server, export.Id, "magistrate-a");
        using var other = Server.ClientFor(Roles.Magistrate, "magistrate-b");

        using var download = await other.GetAsync($"/api/exports/{export.Id}/package?reason=audience&motif=judiciaire");
        using var details = await other.GetAsync($"/api/exports/{export.Id}");
        var listed = await other.GetFromJsonAsync<List<ExportView>>("/api/exports", ExportKit.Json);

        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        Assert.Equal("export-not-found", (await download.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, details.StatusCode);
        Assert.DoesNotContain(listed!, e => e.Id == export.Id);
        using var owner = Server.ClientFor(Roles.Magistrate, "magistrate-a");
        Assert.Contains(await owner.GetFromJsonAsync<List<ExportView>>("/api/exports", ExportKit.Json) ?? [], e => e.Id == export.Id);
    }

    [Fact]
    public async Task A_download_cut_and_resumed_by_cameras_export_fetch_gives_identical_bytes_and_logs_each_disclosure()
    {
        var export = await SealedAsync();
        await ExportKit.ShareAsync(Server, export.Id, "magistrate-r");
        using var magistrate = Server.ClientFor(Roles.Magistrate, "magistrate-r");
        var whole = await magistrate.GetByteArrayAsync($"/api/exports/{export.Id}/package?reason=audience&motif=judiciaire");
        var file = Path.Combine(fixture.NewFolder(), "partial.zip");
        // The cut: only the first third arrived.
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/exports/{export.Id}/package?reason=audience&motif=judiciaire"))
        {
            request.Headers.Range = new RangeHeaderValue(0, whole.Length / 3 - 1);
            using var partial = await magistrate.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            await File.WriteAllBytesAsync(file, await partial.Content.ReadAsByteArrayAsync());
        }

        var fetch = await ExternalProcess.CamerasAsync("export", "fetch", "--server", Server.Address.ToString(),
            "--token", Server.Token(Roles.Magistrate, "magistrate-r"), export.Id.ToString(), "--out", file,
            "--reason", "audience du 3 décembre", "--motif", "judiciaire");

        Assert.True(fetch.ExitCode == 0, fetch.Stdout + fetch.Stderr);
        Assert.Contains($"Resuming at {whole.Length / 3:N0}", fetch.Stderr);
        Assert.Equal(whole, await File.ReadAllBytesAsync(file));
        var disclosures = await CountAsync("SELECT count(*) FROM custody_events WHERE action = 'export.disclosed' AND subject_id = @id " +
            "AND details::jsonb->>'procedure' = 'PV-2026-0042' AND details::jsonb->>'motif' = 'judiciaire' AND (SELECT lp.fields::jsonb->>'reason' FROM ledger_personal lp WHERE lp.event_id = custody_events.id) <> '' AND " + CustodyReading.ActorSubjectSql + " = 'magistrate-r'", export.Id.ToString());
        Assert.Equal(3, disclosures);
    }

    public static TheoryData<string, string?, string?, string> Refusals => new()
    {
        { "missing reason", "PV-1", null, "reason-required" },
        { "blank reason", "PV-1", "  ", "reason-required" },
        { "missing procedure", null, "enquête", "procedure-required" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_request_without_reason_or_procedure_is_400_and_stores_nothing(string _, string? procedure, string? reason, string code)
    {
        var recording = await SeededRecordings.SeedAsync(Server);
        using var operatorClient = Server.ClientFor(Roles.Operator);

        using var response = await operatorClient.PostAsJsonAsync("/api/exports", new CreateExportRequest(procedure, reason, [recording.Id], null), ExportKit.Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        await AssertNothingStoredAsync(recording.Id);
    }

    [Fact]
    public async Task An_unknown_recording_is_404_and_stores_nothing()
    {
        var recording = await SeededRecordings.SeedAsync(Server);
        using var operatorClient = Server.ClientFor(Roles.Operator);

        using var response = await operatorClient.PostAsJsonAsync("/api/exports",
            new CreateExportRequest("PV-9", "enquête", [recording.Id, Guid.NewGuid()], null), ExportKit.Json);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("recording-not-found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        await AssertNothingStoredAsync(recording.Id);
    }

    [Fact]
    public async Task Officers_and_magistrates_cannot_create_exports_and_the_authority_is_public()
    {
        var recording = await SeededRecordings.SeedAsync(Server);
        foreach (var role in new[] { Roles.Officer, Roles.Magistrate })
        {
            using var client = Server.ClientFor(role);
            using var response = await client.PostAsJsonAsync("/api/exports", new CreateExportRequest("PV-1", "r", [recording.Id], null), ExportKit.Json);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        await AssertNothingStoredAsync(recording.Id);
        var pem = await Server.Client.GetStringAsync("/api/authority.pem");
        Assert.Equal(2, pem.Split("BEGIN CERTIFICATE").Length - 1);
    }

    [Fact]
    public async Task An_export_places_a_legal_hold_with_the_procedure_and_logs_each_extraction()
    {
        var recording = await SeededRecordings.SeedAsync(Server);

        var export = await ExportKit.CreateAndWaitAsync(Server, [recording.Id], procedure: "PV-HOLD-7");

        Assert.Equal(1, await CountAsync("SELECT count(*) FROM legal_holds WHERE recording_id = @id::uuid AND procedure = 'PV-HOLD-7' AND lifted_at IS NULL",
            recording.Id.ToString()));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM custody_events WHERE action = 'recording.extracted' AND subject_id = @id " +
            "AND details::jsonb->>'procedure' = 'PV-HOLD-7' AND (SELECT lp.fields::jsonb->>'reason' FROM ledger_personal lp WHERE lp.event_id = custody_events.id) = 'réquisition judiciaire'", recording.Id.ToString()));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM custody_events WHERE action = 'export.sealed' AND subject_id = @id " +
            $"AND sha256 = '{export.ManifestSha256}'", export.Id.ToString()));
    }

    private async Task AssertNothingStoredAsync(Guid recordingId)
    {
        var id = recordingId.ToString();
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM export_items WHERE recording_id = @id::uuid", id));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM legal_holds WHERE recording_id = @id::uuid", id));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM custody_events WHERE subject_id = @id AND action = 'recording.extracted'", id));
    }

    private async Task<long> CountAsync(string sql, string id)
    {
        await using var connection = new NpgsqlConnection(Server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
