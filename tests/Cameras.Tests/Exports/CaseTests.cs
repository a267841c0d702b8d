using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests.Exports;

/// <summary>Cases: recordings chosen by camera and time range, seen by their magistrate only, exported whole; opening a case
/// with recordings traced as adding them is.</summary>
public sealed class CaseTests(ExportServer fixture) : IClassFixture<ExportServer>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_case_chosen_by_camera_and_time_is_seen_by_its_magistrate_and_exported_whole()
    {
        var old = await SeededRecordings.SeedAsync(Server, daysAgo: 10);
        var recent = await SeededRecordings.SeedAsync(Server, daysAgo: 1);
        using var operatorClient = Server.ClientFor(Roles.Operator, "operator-1");
        var from = DateTimeOffset.UtcNow.AddDays(-3);

        using var created = await operatorClient.PostAsJsonAsync("/api/cases",
            new CreateCaseRequest("PV-CASE-1", "Rixe", null, "CAM-7", null, from, DateTimeOffset.UtcNow, ["magistrate-case"],
                Motif: "judiciaire", Reason: "rixe devant le bar"), ExportKit.Json);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = (await created.Content.ReadFromJsonAsync<CaseView>(ExportKit.Json))!;
        Assert.Contains(recent.Id, view.Recordings);
        Assert.DoesNotContain(old.Id, view.Recordings);
        using var magistrate = Server.ClientFor(Roles.Magistrate, "magistrate-case");
        Assert.Contains(await magistrate.GetFromJsonAsync<List<CaseView>>("/api/cases", ExportKit.Json) ?? [], c => c.Id == view.Id);
        using var stranger = Server.ClientFor(Roles.Magistrate, "magistrate-other");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/cases/{view.Id}")).StatusCode);

        using var export = await operatorClient.PostAsJsonAsync("/api/exports", new CreateExportRequest("PV-CASE-1", "saisine", null, view.Id), ExportKit.Json);
        Assert.Equal(HttpStatusCode.Accepted, export.StatusCode);
        var exportView = (await export.Content.ReadFromJsonAsync<ExportView>(ExportKit.Json))!;
        Assert.Equal(view.Recordings.Order(), exportView.Recordings.Order());
        Assert.Equal(view.Id, exportView.CaseId);
    }

    [Fact]
    public async Task Opening_a_case_with_recordings_states_why_and_each_recording_gets_exactly_one_registre_entry()
    {
        var recordings = new[] { await SeededRecordings.SeedAsync(Server, 3_000), await SeededRecordings.SeedAsync(Server, 4_000) };
        var procedure = "PV-CASE-TRACE-" + Guid.NewGuid().ToString("N")[..8];
        using var operatorClient = Server.ClientFor(Roles.Operator, "operator-trace");
        using var anonymous = Server.ClientFor(Roles.Operator, "operator-anonymous", AgentClaims.None);
        object Body(string? motif, string? reason) => new { procedure, recordings = recordings.Select(r => r.Id), motif, reason };

        // Refused as adding recordings to a case is: the field named, nothing stored (no case, no register entry).
        foreach (var (client, body, status, field) in new (HttpClient, object, HttpStatusCode, string)[]
                 {
                     (operatorClient, Body(null, "plainte 12"), HttpStatusCode.BadRequest, "motif"),
                     (operatorClient, Body("judiciaire", " "), HttpStatusCode.BadRequest, "reason"),
                     (operatorClient, Body("commercial", "plainte 12"), HttpStatusCode.BadRequest, "motif"),
                     (anonymous, Body("judiciaire", "plainte 12"), HttpStatusCode.Forbidden, "matricule"),
                 })
        {
            using var refused = await client.PostAsJsonAsync("/api/cases", body);
            Assert.Equal(status, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains(field, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
        Assert.DoesNotContain(await operatorClient.GetFromJsonAsync<List<CaseView>>("/api/cases", ExportKit.Json) ?? [], c => c.Procedure == procedure);
        Assert.Empty(await RegistreAsync(procedure));

        using var created = await operatorClient.PostAsJsonAsync("/api/cases", Body("judiciaire", "plainte 12"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = (await created.Content.ReadFromJsonAsync<CaseView>(ExportKit.Json))!;
        Assert.Equal(recordings.Select(r => r.Id).Order(), view.Recordings.Order());

        // The register's entries for the case (the additions: opening it with recordings is one), and the recordings each names.
        var entries = await RegistreAsync(procedure);
        using var admin = Server.ClientFor(Roles.Admin, "registre-reader");
        var named = new List<Guid>();
        foreach (var entry in entries)
        {
            Assert.Equal(("modification", "case.recordings.added", "case", view.Id.ToString()), (Text(entry, "kind"), Text(entry, "action"),
                Text(entry, "subjectKind"), Text(entry, "subjectId")));
            Assert.Equal(("judiciaire", "plainte 12", "M-operator-trace"), (Text(entry, "motif"), Text(entry, "reason"), Text(entry, "matricule")));
            var ledgerEvent = await admin.GetFromJsonAsync<JsonElement>($"/api/ledger/events/{entry.GetProperty("seq").GetInt64()}");
            named.AddRange(ledgerEvent.GetProperty("details").GetProperty("recordings").EnumerateArray().Select(r => r.GetGuid()));
        }
        Assert.Equal(view.Recordings.Order(), named.Order()); // each recording in exactly one entry

        // The same from the query or the headers, as every modification reads them.
        using var byHeaders = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new { procedure = procedure + "-H", recordings = new[] { recordings[0].Id } }),
            Headers = { { "X-Motif", "administratif" }, { "X-Reason", "controle interne" } },
        };
        using var headed = await operatorClient.SendAsync(byHeaders);
        Assert.Equal(HttpStatusCode.Created, headed.StatusCode);
        var headedEntry = Assert.Single(await RegistreAsync(procedure + "-H"));
        Assert.Equal(("administratif", "controle interne"), (Text(headedEntry, "motif"), Text(headedEntry, "reason")));
        using var byQuery = await operatorClient.PostAsJsonAsync($"/api/cases?motif=disciplinaire&reason={Uri.EscapeDataString("enquête IGPN")}",
            new { procedure = procedure + "-Q", recordings = new[] { recordings[1].Id } });
        Assert.Equal(HttpStatusCode.Created, byQuery.StatusCode);
        var queriedEntry = Assert.Single(await RegistreAsync(procedure + "-Q"));
        Assert.Equal(("disciplinaire", "enquête IGPN"), (Text(queriedEntry, "motif"), Text(queriedEntry, "reason")));
    }

    /// <summary>The register's modifications for <paramref name="procedure"/>, once what is pending is sequenced (a checkpoint does it).</summary>
    private async Task<List<JsonElement>> RegistreAsync(string procedure)
    {
        using var admin = Server.ClientFor(Roles.Admin, "registre-reader");
        using (var issued = await admin.PostAsync("/api/ledger/checkpoints", null)) // 404 while the ledger is still empty
            Assert.True(issued.IsSuccessStatusCode || issued.StatusCode == HttpStatusCode.NotFound, $"checkpoint: {(int)issued.StatusCode}");
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/registre?procedure={Uri.EscapeDataString(procedure)}&kind=modification&limit=500");
        return page.GetProperty("entries").EnumerateArray().ToList();
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [Fact]
    public async Task A_case_without_procedure_is_400()
    {
        using var operatorClient = Server.ClientFor(Roles.Operator);
        using var response = await operatorClient.PostAsJsonAsync("/api/cases",
            new CreateCaseRequest(" ", null, null, "CAM-7", null, null, null, null), ExportKit.Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
