using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Live.Tests;

/// <summary>Headless Chromium on the dashboard: the tile of a new feed appears by itself and plays, then goes away when
/// the feed ends. The terminal (ffmpeg, progressive DASH) signs in with its token as the URL's password.</summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task Dashboard_shows_plays_and_drops_a_live_feed()
    {
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"));
        var feed = "cam-dashboard";
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, ".test-results");
        Directory.CreateDirectory(folder);
        var screenshot = Path.Combine(folder, "live-dashboard.png");
        var browser = ExternalProcess.RunAsync("node", [Path.Combine(TestEnvironment.RepositoryRoot, "tests/tools/dashboard-live.mjs"),
            server.Address.ToString().TrimEnd('/'), server.Token(Roles.Operator, "op-dash"), feed, screenshot], timeout: TimeSpan.FromMinutes(3));
        await DashboardListening.WaitAsync(screenshot, browser); // the page is open and listening before the feed starts
        var terminal = server.Token(Roles.Terminal, "terminal-d");
        var url = new UriBuilder(server.Address) { UserName = "terminal-d", Password = terminal, Path = $"/live/{feed}/" }.Uri.ToString();
        using var ffmpeg = Pusher.Dash(url, 15);
        await Pusher.WaitAsync(ffmpeg, TimeSpan.FromSeconds(60));
        var result = await browser;
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var steps = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["tile", "playing", "gone"], steps.Select(s => s.GetProperty("step").GetString()!));
        var playing = steps[1];
        Assert.True(playing.GetProperty("currentTime").GetDouble() > playing.GetProperty("firstTime").GetDouble(), playing.ToString());
        Assert.Equal(320, playing.GetProperty("videoWidth").GetInt32());
        Assert.True(File.Exists(screenshot));
    }
}
