using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Tests.Hardening;

/// <summary>The dashboard under its own Content-Security-Policy in Chromium: a live feed plays (hls.js worker, Media
/// Source blob: URLs, WebSockets) and the exports page loads, without a single violation.</summary>
public sealed class ContentSecurityPolicyBrowserTests
{
    [Fact]
    public async Task The_dashboard_plays_a_feed_and_loads_its_pages_without_a_policy_violation()
    {
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"));
        const string feed = "cam-csp";
        var terminal = server.Token(Roles.Terminal, "terminal-csp");
        var url = new UriBuilder(server.Address) { UserName = "terminal-csp", Password = terminal, Path = $"/live/{feed}/" }.Uri.ToString();
        using var ffmpeg = Pusher.Dash(url, 40);
        var browser = await ExternalProcess.RunAsync("node", [Path.Combine(TestEnvironment.RepositoryRoot, "tests/tools/dashboard-csp.mjs"),
            server.Address.ToString().TrimEnd('/'), server.Token(Roles.Operator, "op-csp"), feed], timeout: TimeSpan.FromMinutes(2));
        try { ffmpeg.Kill(); } catch (InvalidOperationException) { }

        Assert.True(browser.ExitCode == 0, browser.Stdout + browser.Stderr);
        var result = JsonDocument.Parse(browser.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last()).RootElement;
        Assert.True(result.GetProperty("playing").GetProperty("currentTime").GetDouble() > 1, result.ToString());
        Assert.Equal(0, result.GetProperty("violations").GetArrayLength());
    }
}
