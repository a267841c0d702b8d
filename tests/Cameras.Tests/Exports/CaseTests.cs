using System.Net;
using System.Net.Http.Json;
using Cameras.Evidence.Exports;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests.Exports;

/// <summary>Cases: recordings chosen by camera and time range, seen by their magistrate only, exported whole.</summary>
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
            new CreateCaseRequest("PV-CASE-1", "Rixe", null, "CAM-7", null, from, DateTimeOffset.UtcNow, ["magistrate-case"]), ExportKit.Json);

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
    public async Task A_case_without_procedure_is_400()
    {
        using var operatorClient = Server.ClientFor(Roles.Operator);
        using var response = await operatorClient.PostAsJsonAsync("/api/cases",
            new CreateCaseRequest(" ", null, null, "CAM-7", null, null, null, null), ExportKit.Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
