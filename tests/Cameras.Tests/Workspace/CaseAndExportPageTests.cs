using System.Net.Http.Json;
using System.Text.Json;
using Cameras.Evidence.Security;

namespace Cameras.Tests.Workspace;

/// <summary>The Affaires pages: a case from the search opened with a recording (motif and reason stated), a second added,
/// a hold on both, an export shared with a magistrate, who sees that package on their page while another magistrate sees none.</summary>
[Collection(WorkspaceCollection.Name)]
public sealed class CaseAndExportPageTests(WorkspaceServer fixture)
{
    [Fact]
    public async Task Case_with_two_recordings_held_then_exported_and_shared_and_only_that_magistrate_sees_it()
    {
        var at = new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);
        await fixture.SeedReadyAsync("CAM-CASE", "OFF-CASE", at, seconds: 7);
        await fixture.SeedReadyAsync("CAM-CASE", "OFF-CASE", at.AddMinutes(5), seconds: 8);
        var url = fixture.Server.Address.ToString().TrimEnd('/');

        var steps = await WorkspaceServer.BrowseAsync("workspace-case.mjs", url, fixture.Server.Token(Roles.Operator, "op-case"), "CAM-CASE", "mag-lyon");

        Assert.True(steps["created"].GetProperty("stopped").GetBoolean(), "the case form was sent without a motif");
        Assert.Single(steps["created"].GetProperty("recordings").EnumerateArray());
        Assert.Equal(2, steps["held"].GetProperty("holds").GetArrayLength());
        Assert.All(steps["held"].GetProperty("holds").EnumerateArray(), h => Assert.Contains("conservation pour l’enquête", h.GetString()));
        var exportId = steps["exported"].GetProperty("exportId").GetString()!;
        Assert.Contains("scellé", steps["exported"].GetProperty("text").GetString());
        var row = steps["list"].GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()).ToList())
            .Single(r => r[0] == "PV-CAM-CASE");
        Assert.Equal(["PV-CAM-CASE", "Cambriolage rue des Lilas", "BSU Lyon 3", "2", "gelée (2)"], row.Take(5));

        // What the page stated is in the register: the case opened with its first recording, the second added, each
        // with its motif and reason, from the operator's matricule.
        using (var admin = fixture.Server.ClientFor(Roles.Admin, "registre-reader"))
        {
            (await admin.PostAsync("/api/ledger/checkpoints", null)).EnsureSuccessStatusCode(); // sequences what is pending
            var registre = await admin.GetFromJsonAsync<JsonElement>("/api/registre?procedure=PV-CAM-CASE&kind=modification&limit=500");
            var added = registre.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("action").GetString() == "case.recordings.added")
                .Select(e => (e.GetProperty("motif").GetString(), e.GetProperty("reason").GetString(), e.GetProperty("matricule").GetString()));
            Assert.Equal([("judiciaire", "même intervention, seconde caméra", "M-op-case"), ("judiciaire", "plainte du gardien, première caméra", "M-op-case")],
                added);
        }

        var mine = await WorkspaceServer.BrowseAsync("workspace-packages.mjs", url, fixture.Server.Token(Roles.Magistrate, "mag-lyon"));
        Assert.Equal([exportId], mine["packages"].GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        Assert.Contains("cameras verify", mine["packages"].GetProperty("text").GetString());
        Assert.Contains("Lien valable jusqu’au", mine["packages"].GetProperty("text").GetString());
        Assert.Equal(["packages"], mine["packages"].GetProperty("sections").EnumerateArray().Select(i => i.GetString()));
        var others = await WorkspaceServer.BrowseAsync("workspace-packages.mjs", url, fixture.Server.Token(Roles.Magistrate, "mag-paris"));
        Assert.Empty(others["packages"].GetProperty("ids").EnumerateArray());
        Assert.Contains("Aucun export ne vous a été partagé.", others["packages"].GetProperty("text").GetString());
    }
}
