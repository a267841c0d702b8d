using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests.Registre;

/// <summary>
/// R241-5's three years, through the register an inspector reads: once its term is over (here a term of zero days, so
/// no clock is moved), an entry keeps its place, kind, motif, recording and camera, loses the agent's names and the
/// reason and the token's subject, and the JSON, the CSV and the signed report say it was erased; the ledger still verifies.
/// </summary>
public sealed class RegistreErasureTests : IAsyncLifetime
{
    private static readonly AgentClaims Moreau = new("444444", "Moreau", "Luc", "Brigadier", "CSP Lyon 8e");

    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(ServerRoles.Parse("evidence"),
        configuration: new Dictionary<string, string?> { ["Cameras:Retention:AccessLogDays"] = "0" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_entry_past_its_term_says_effacé_in_the_api_the_csv_and_the_report_without_the_names_and_the_ledger_verifies()
    {
        var recording = await SeededRecordings.SeedAsync(_server);
        using (var agent = _server.ClientFor(Roles.Operator, "op-erase", Moreau))
            (await agent.GetAsync($"/api/recordings/{recording.Id}/media?motif=administratif&reason=consultation%20ancienne")).EnsureSuccessStatusCode();
        using var admin = _server.ClientFor(Roles.Admin);
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();

        var erasure = await (await admin.PostAsync("/api/retention/erase", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(erasure.GetProperty("erased").GetInt64() >= 1);
        var filter = $"/api/registre?recording={recording.Id}&kind=consultation";
        var entry = Assert.Single((await admin.GetFromJsonAsync<JsonElement>(filter)).GetProperty("entries").EnumerateArray());
        Assert.True(entry.GetProperty("erased").GetBoolean());
        // The token's subject named the agent too: it went with the names (leaf version 3).
        foreach (var gone in new[] { "matricule", "nom", "prenom", "grade", "service", "reason", "actorSubject" })
            Assert.Equal(JsonValueKind.Null, entry.GetProperty(gone).ValueKind);
        Assert.Equal(("administratif", recording.Id.ToString(), "CAM-7"),
            (entry.GetProperty("motif").GetString(), entry.GetProperty("subjectId").GetString(), entry.GetProperty("camera").GetString()));

        var csv = Encoding.UTF8.GetString(await FileAsync(admin, filter, "text/csv"));
        Assert.Contains("effacées au terme de la durée de conservation", csv);
        var folder = Directory.CreateTempSubdirectory("cameras-registre-erased-").FullName;
        var pdf = Path.Combine(folder, "registre.pdf");
        await File.WriteAllBytesAsync(pdf, await FileAsync(admin, filter, "application/pdf"));
        var report = (await ExternalProcess.RunAsync("pdftotext", ["-layout", pdf, "-"])).Stdout;
        Assert.Contains("effacé au terme de la durée de conservation", report);
        foreach (var text in new[] { csv, report })
        {
            Assert.DoesNotContain("Moreau", text);
            Assert.DoesNotContain("op-erase", text);
            Assert.DoesNotContain("consultation ancienne", text);
        }
        var verdict = await (await admin.PostAsync("/api/ledger/verify", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verdict.GetProperty("intact").GetBoolean(), verdict.ToString());
    }

    /// <summary>
    /// A hold's reasons may name people: kept only in its events' personal parts, they go at the end of the term, from the
    /// register and from the hold list alike, while the hold itself (its procedure, motif, author, and whether it is
    /// active) stays and still keeps the recording from the purge.
    /// </summary>
    [Fact]
    public async Task A_holds_reasons_past_their_term_are_erased_from_the_hold_list_and_the_hold_still_keeps_the_recording()
    {
        var recording = await SeededRecordings.SeedAsync(_server, daysAgo: 40);
        using var magistrate = _server.ClientFor(Roles.Admin, "admin-erase", Moreau);
        (await magistrate.PostAsJsonAsync($"/api/recordings/{recording.Id}/holds",
            new { procedure = "PV-ERASE-1", motif = "judiciaire", reason = "plainte de Mme Garnier" })).EnsureSuccessStatusCode();
        using var admin = _server.ClientFor(Roles.Admin);
        (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();

        (await admin.PostAsync("/api/retention/erase", null)).EnsureSuccessStatusCode();

        var hold = Assert.Single((await admin.GetFromJsonAsync<JsonElement>($"/api/recordings/{recording.Id}/holds")).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, hold.GetProperty("reason").ValueKind);
        Assert.True(hold.GetProperty("reasonsErased").GetBoolean());
        Assert.Equal(("PV-ERASE-1", "judiciaire", JsonValueKind.Null),
            (hold.GetProperty("procedure").GetString(), hold.GetProperty("motif").GetString(), hold.GetProperty("liftedAt").ValueKind));
        var entry = Assert.Single((await admin.GetFromJsonAsync<JsonElement>($"/api/registre?recording={recording.Id}&kind=modification"))
            .GetProperty("entries").EnumerateArray());
        Assert.Equal((true, JsonValueKind.Null), (entry.GetProperty("erased").GetBoolean(), entry.GetProperty("reason").ValueKind));
        Assert.DoesNotContain((await (await admin.PostAsync("/api/retention/purge", null)).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(),
            p => p.GetProperty("id").GetGuid() == recording.Id);
        var verdict = await (await admin.PostAsync("/api/ledger/verify", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verdict.GetProperty("intact").GetBoolean(), verdict.ToString());
    }

    private static async Task<byte[]> FileAsync(HttpClient client, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }
}
