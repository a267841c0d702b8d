using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Security;
using Cameras.Tests.Exports;
using Cameras.TestSupport;
using Npgsql;

namespace Cameras.Tests.Registre;

/// <summary>
/// Opening a case names people (issue 18): its author's token subject and the magistrates it opens to. Both are in the
/// <c>case.opened</c> event's erasable personal part, never its leaf; at the end of the term (a term of zero days, as
/// in <see cref="RegistreErasureTests"/>) they are gone from the event, the register and the case's author, the case's
/// viewers stay (its recordings are not purged: the grant is a right in force), and `cameras ledger verify` passes.
/// </summary>
public sealed class CaseOpenedErasureTests : IAsyncLifetime
{
    private static readonly AgentClaims Girard = new("555555", "Girard", "Anne", "Capitaine", "CSP Lyon 3e");

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(ServerRoles.Parse("evidence"),
        configuration: new Dictionary<string, string?> { ["Cameras:Retention:AccessLogDays"] = "0" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_case_openings_author_and_viewers_are_erased_at_the_term_and_the_ledger_verifies()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        CaseView opened;
        using (var author = _server.ClientFor(Roles.Operator, "op-case-erase", Girard))
        {
            using var created = await author.PostAsJsonAsync("/api/cases", new CreateCaseRequest("PV-OPEN-ERASE", null, [recording.Id],
                null, null, null, null, ["mag-viewer-erase"], Motif: "judiciaire", Reason: "rixe signalée"), ExportKit.Json);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            opened = (await created.Content.ReadFromJsonAsync<CaseView>(ExportKit.Json))!;
        }
        using var admin = _server.ClientFor(Roles.Admin);
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();
        var seq = await SeqAsync(opened.Id);
        var kept = await admin.GetFromJsonAsync<JsonElement>($"/api/ledger/events/{seq}");
        // Kept: the part is there, and the leaf (its canonical form and details) names nobody even now.
        Assert.Equal("kept", kept.GetProperty("personal").GetProperty("state").GetString());
        foreach (var leaf in new[] { kept.GetProperty("canonical").GetString()!, kept.GetProperty("details").ToString() })
        {
            Assert.DoesNotContain("mag-viewer-erase", leaf);
            Assert.DoesNotContain("op-case-erase", leaf);
        }

        (await admin.PostAsync("/api/retention/erase", null)).EnsureSuccessStatusCode();

        var erased = await admin.GetFromJsonAsync<JsonElement>($"/api/ledger/events/{seq}");
        Assert.Equal("erased", erased.GetProperty("personal").GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, erased.GetProperty("actorSubject").ValueKind);
        var register = (await admin.GetFromJsonAsync<JsonElement>("/api/registre?procedure=PV-OPEN-ERASE")).ToString();
        foreach (var text in new[] { erased.ToString(), register })
            foreach (var gone in new[] { "mag-viewer-erase", "op-case-erase", "Girard" })
                Assert.DoesNotContain(gone, text);
        var afterwards = (await admin.GetFromJsonAsync<CaseView>($"/api/cases/{opened.Id}", ExportKit.Json))!;
        Assert.Null(afterwards.CreatedBy);
        Assert.Equal(["mag-viewer-erase"], afterwards.Viewers);

        var verified = await ExternalProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "cameras.dll"), "ledger", "verify",
            "--data", _server.DataFolder], new Dictionary<string, string?> { ["Cameras__Postgres"] = _server.DatabaseConnectionString, ["Cameras__PostgresApp"] = null });
        Assert.True(verified.ExitCode == 0, verified.Stdout + verified.Stderr);
        Assert.Contains("effacé au terme de la durée de conservation", verified.Stdout);
    }

    private async Task<long> SeqAsync(Guid caseId)
    {
        await using var connection = new NpgsqlConnection(_server.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT seq FROM custody_events WHERE action = 'case.opened' AND subject_id = @id AND seq IS NOT NULL", connection);
        command.Parameters.AddWithValue("id", caseId.ToString());
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
