using System.Diagnostics;
using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Live.Tests;

/// <summary>Headless Chromium on the live grid: a double-click on a playing tile opens the feed's page, which says
/// camera, agent, position, when it started, the path it came by, that the operator watched it, and its hash chain.</summary>
public sealed class FeedPageTests
{
    [Fact]
    public async Task Double_click_on_a_tile_opens_the_feeds_page_with_who_watched_it()
    {
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"));
        var feed = "cam-feed-page";
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, ".test-results");
        Directory.CreateDirectory(folder);
        var terminal = server.Token(Roles.Terminal, "terminal-fp");
        // HLS pushes carry headers: the feed says who and where it is.
        var headers = $"Authorization: Bearer {terminal}\r\nX-Camera: CAM-77\r\nX-Officer: O-1234\r\nX-Position: 45.7640,4.8357\r\n";
        using var ffmpeg = ExternalProcess.Start("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-f", "lavfi",
            "-i", "testsrc=size=320x240:rate=25", "-t", "60", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
            "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p", "-f", "hls", "-hls_time", "1", "-hls_segment_type", "fmp4",
            "-hls_playlist_type", "event", "-method", "PUT", "-headers", headers,
            new Uri(server.Address, $"/live/{feed}/index.m3u8").ToString()], new Dictionary<string, string?>());
        try
        {
            var result = await ExternalProcess.RunAsync("node", [Path.Combine(TestEnvironment.RepositoryRoot, "tests/tools/dashboard-feed-page.mjs"),
                server.Address.ToString().TrimEnd('/'), server.Token(Roles.Operator, "op-feedpage"), feed, Path.Combine(folder, "live-feed")],
                timeout: TimeSpan.FromMinutes(3));

            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
            var steps = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
                .ToDictionary(s => s.GetProperty("step").GetString()!);
            Assert.Equal("/app/feed.html?id=cam-feed-page", steps["tile"].GetProperty("link").GetProperty("href").GetString());
            var page = steps["page"];
            Assert.EndsWith("/app/feed.html?id=cam-feed-page", page.GetProperty("url").GetString());
            var facts = page.GetProperty("facts");
            Assert.Equal("CAM-77", facts.GetProperty("camera").GetString());
            Assert.Equal("O-1234", facts.GetProperty("officer").GetString());
            Assert.Equal("45.7640,4.8357", facts.GetProperty("position").GetString());
            Assert.Equal("ffmpeg", facts.GetProperty("source").GetString());
            Assert.Equal("en direct", facts.GetProperty("state").GetString());
            Assert.Equal("0", facts.GetProperty("viewersNow").GetString());
            // fr-FR, as « 1 déc. 2026 19:31 »: today's date in French, with the time.
            Assert.Matches(@"^\d{1,2} [a-zéû]+\.? \d{4},? \d{2}:\d{2}", facts.GetProperty("startedAt").GetString());
            var viewer = Assert.Single(page.GetProperty("viewers").EnumerateArray());
            Assert.Equal("op-feedpage", viewer.GetProperty("subject").GetString());
            Assert.Contains("opérateur", viewer.GetProperty("text").GetString());
            Assert.Matches(@"^[1-9]\d* segment\(s\) chaîné\(s\)$", page.GetProperty("chain").GetString());
            Assert.Equal("page", page.GetProperty("section").GetString());
            Assert.Equal("Aucun flux ne porte cet identifiant. Revenez au direct.", steps["unknown"].GetProperty("text").GetString());
            Assert.True(File.Exists(Path.Combine(folder, "live-feed-page.png")));
        }
        finally
        {
            if (!ffmpeg.HasExited) ffmpeg.Kill(entireProcessTree: true);
        }
    }
}
