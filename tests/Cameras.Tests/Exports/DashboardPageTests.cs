using Cameras.TestSupport;

namespace Cameras.Tests.Exports;

/// <summary>The exports page is served by the dashboard, in French, and linked from the main page.</summary>
public sealed class DashboardPageTests(ExportServer fixture) : IClassFixture<ExportServer>
{
    [Fact]
    public async Task The_exports_page_and_its_script_are_served_and_linked_from_the_dashboard()
    {
        var client = fixture.Server.Client;

        var page = await client.GetStringAsync("/commandroom/exports.html");
        var script = await client.GetStringAsync("/commandroom/exports.js");
        var index = await client.GetStringAsync("/");

        Assert.Contains("<html lang=\"fr\">", page);
        Assert.Contains("N° de procédure", page);
        Assert.Contains("/api/exports", script);
        Assert.Contains("#token=", page);
        Assert.Contains("/commandroom/exports.html", index);
        Assert.Equal("text/css", (await client.GetAsync("/commandroom/exports.css")).Content.Headers.ContentType?.MediaType);
    }
}
