using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Security;
using Cameras.Tests.Exports;
using Cameras.TestSupport;

namespace Cameras.Tests.Registre;

/// <summary>
/// The operational tables' copies of who did what (an export's author, a share's magistrate and sharer, a case's author
/// and viewers) do not outlive the register's (issue 18): the erasure pass clears them once the term (here one day, on
/// the server's moved clock) has passed and the row is no right in force. Before the term nothing changes; after it,
/// the names read as null, an erased share gives nobody access, a case with a recording left keeps its viewers, and
/// the ledger verifies.
/// </summary>
public sealed class OperationalNamesErasureTests : IAsyncLifetime
{
    private readonly MovableClock _clock = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(clock: _clock,
        configuration: new Dictionary<string, string?> { ["Cameras:Retention:AccessLogDays"] = "1" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Names_go_after_the_term_once_the_share_has_ended_or_the_cases_recordings_are_purged()
    {
        var kept = await SeededRecordings.SeedAsync(_server);
        var old = await SeededRecordings.SeedAsync(_server, daysAgo: 40);
        var export = await ExportKit.CreateAndWaitAsync(_server, [kept.Id], procedure: "PV-NAMES-1");
        await ExportKit.ShareAsync(_server, export.Id, "mag-share-names", _clock.GetUtcNow().AddHours(1));
        var emptied = await OpenCaseAsync("PV-NAMES-2", old.Id, "mag-case-purged");
        var inForce = await OpenCaseAsync("PV-NAMES-3", kept.Id, "mag-case-kept");
        using (var admin = _server.ClientFor(Roles.Admin))
        {
            Assert.Contains((await (await admin.PostAsync("/api/retention/purge", null)).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(),
                p => p.GetProperty("id").GetGuid() == old.Id);

            // Before the term: the pass erases no name, even of the case whose recordings are all purged.
            Assert.Equal(0, (await EraseAsync(admin)).GetProperty("names").GetInt64());
            var before = await ExportAsync(admin, export.Id);
            Assert.Equal(("operator-1", "mag-share-names", "operator-1"),
                (before.CreatedBy, Assert.Single(before.Shares).Magistrate, before.Shares[0].SharedBy));
            Assert.Equal(["mag-case-purged"], (await CaseAsync(admin, emptied)).Viewers);
        }

        _clock.Advance(TimeSpan.FromDays(2));

        using var later = _server.ClientFor(Roles.Admin);
        Assert.True((await EraseAsync(later)).GetProperty("names").GetInt64() >= 5);
        var after = await ExportAsync(later, export.Id);
        var share = Assert.Single(after.Shares);
        Assert.Equal<(string?, string?, string?)>((null, null, null), (after.CreatedBy, share.Magistrate, share.SharedBy));
        Assert.Equal("sealed", after.Status);
        var purgedCase = await CaseAsync(later, emptied);
        Assert.Null(purgedCase.CreatedBy);
        Assert.Empty(purgedCase.Viewers);
        var keptCase = await CaseAsync(later, inForce);
        Assert.Null(keptCase.CreatedBy);
        Assert.Equal(["mag-case-kept"], keptCase.Viewers);

        // Access follows: the erased share names nobody, the emptied case no viewer; the case in force still opens.
        using (var magistrate = _server.ClientFor(Roles.Magistrate, "mag-share-names"))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await magistrate.GetAsync($"/api/exports/{export.Id}")).StatusCode);
            Assert.DoesNotContain((await magistrate.GetFromJsonAsync<JsonElement>("/api/exports")).EnumerateArray(),
                x => x.GetProperty("id").GetGuid() == export.Id);
        }
        using (var magistrate = _server.ClientFor(Roles.Magistrate, "mag-case-purged"))
            Assert.Equal(HttpStatusCode.NotFound, (await magistrate.GetAsync($"/api/cases/{emptied}")).StatusCode);
        using (var magistrate = _server.ClientFor(Roles.Magistrate, "mag-case-kept"))
            Assert.Equal(HttpStatusCode.OK, (await magistrate.GetAsync($"/api/cases/{inForce}")).StatusCode);
        // The same magistrate can be given the export again: the erased share does not stand in the way.
        Assert.Equal("mag-share-names", (await ExportKit.ShareAsync(_server, export.Id, "mag-share-names")).Magistrate);
        Assert.Equal(2, (await ExportAsync(later, export.Id)).Shares.Count);

        (await later.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode();
        var verdict = await (await later.PostAsync("/api/ledger/verify", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(verdict.GetProperty("intact").GetBoolean(), verdict.ToString());
    }

    private async Task<Guid> OpenCaseAsync(string procedure, Guid recording, string viewer)
    {
        using var author = _server.ClientFor(Roles.Operator, "op-names");
        using var created = await author.PostAsJsonAsync("/api/cases", new CreateCaseRequest(procedure, null, [recording], null, null, null, null,
            [viewer], Motif: "judiciaire", Reason: "saisine"), ExportKit.Json);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<CaseView>(ExportKit.Json))!.Id;
    }

    private static async Task<JsonElement> EraseAsync(HttpClient admin)
    {
        using var response = await admin.PostAsync("/api/retention/erase", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<ExportView> ExportAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<ExportView>($"/api/exports/{id}", ExportKit.Json))!;

    private static async Task<CaseView> CaseAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<CaseView>($"/api/cases/{id}", ExportKit.Json))!;
}
