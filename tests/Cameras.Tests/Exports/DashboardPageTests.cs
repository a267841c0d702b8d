using System.Net;
using Cameras.TestSupport;

namespace Cameras.Tests.Exports;

/// <summary>The former exports page folded into the workspace: its address leads to the Affaires (a case's exports;
/// a magistrate is taken on to « Mes exports »), its script is gone, and the dashboard is a workspace page (whose top bar links the Affaires).</summary>
public sealed class DashboardPageTests(ExportServer fixture) : IClassFixture<ExportServer>
{
    [Fact]
    public async Task The_former_exports_page_redirects_to_the_cases_and_the_dashboard_links_there()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = fixture.Server.Address };

        using var old = await client.GetAsync("/commandroom/exports.html");
        using var script = await client.GetAsync("/commandroom/exports.js");
        var index = await client.GetStringAsync("/");
        var cases = await client.GetStringAsync("/app/cases.html");

        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Equal("/app/cases.html", old.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, script.StatusCode);
        Assert.Equal("application/problem+json", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/app/assets/live-", index); // Direct is a workspace page: its top bar links the Affaires
        Assert.DoesNotContain("exports.html", index);
        Assert.Contains("<html lang=\"fr\">", cases);
    }
}
