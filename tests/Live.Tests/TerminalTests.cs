using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Live.Tests;

/// <summary>The browser terminal at /terminal in headless Chromium (fake camera and microphone): it pushes, an
/// operator's dashboard in another browser context plays the tile, a network cut is survived on the same feed with
/// nothing acknowledged lost, and stopping ends the feed at once.</summary>
public sealed class TerminalTests
{
    [Fact]
    public async Task Browser_terminal_pushes_survives_a_cut_and_stops()
    {
        // Record=full: the test checks the codecs of the segments kept (R241-4's default, hashes, keeps none).
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"),
            new Dictionary<string, string?> { ["Cameras:Live:Record"] = "full" });
        const string feed = "neo2-terminal";
        var run = await ExternalProcess.RunAsync("node", [Path.Combine(TestEnvironment.RepositoryRoot, "tests/tools/terminal-push.mjs"),
            server.Address.ToString().TrimEnd('/'), server.Token(Roles.Terminal, "neo2-7"), server.Token(Roles.Operator, "op-t"), feed,
            TerminalTestKit.Screenshot("terminal")], timeout: TimeSpan.FromMinutes(4));
        var steps = TerminalTestKit.Steps(run);
        Assert.Equal(["live", "playing", "cut", "resumed", "stopped", "gone"], steps.Select(s => s.GetProperty("step").GetString()!));
        Assert.Equal("en direct", steps[0].GetProperty("label").GetString());
        Assert.True(steps[1].GetProperty("videoWidth").GetInt32() > 0);
        Assert.Equal("reconnexion…", steps[2].GetProperty("label").GetString());
        Assert.Equal("arrêté", steps[4].GetProperty("label").GetString());

        // The same feed went on after the cut, ended by the terminal (not by silence), and every segment the server
        // acknowledged is in the chain.
        var row = await TerminalTestKit.FeedAsync(server, feed);
        Assert.NotNull(row);
        Assert.Equal(("neo2-7", "CAM-NEO2", "O-42", "ended", "end-of-list"), (row.Terminal, row.Camera, row.Officer, row.State, row.EndReason));
        var stored = (await TerminalTestKit.SegmentsAsync(server, feed)).Select(s => s.Name).ToHashSet();
        var acked = steps[5].GetProperty("acked").EnumerateArray().Select(a => a.GetString()!).ToList();
        Assert.True(acked.Count > steps[2].GetProperty("acked").GetInt32() + 2, "segments were acknowledged after the cut");
        Assert.All(acked, name => Assert.Contains(name, stored));
        Assert.Equal("h264,opus", await TerminalTestKit.StoredCodecsAsync(server, feed));
    }

    [Fact]
    public async Task The_page_is_served_without_inline_script_or_style()
    {
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest"));
        var page = await server.Client.GetStringAsync("/terminal");
        Assert.Contains("<script type=\"module\" src=\"/terminal/assets/main.js\"></script>", page);
        Assert.DoesNotMatch("<script>|<script [^>]*>[^<]+</script>|<style|\\sstyle=\"|\\son[a-z]+=\"", page);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await server.Client.GetAsync("/terminal/assets/../appsettings.json")).StatusCode);
        var socket = await server.Client.GetAsync("/terminal/push/neo2-x");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, socket.StatusCode);
    }
}
