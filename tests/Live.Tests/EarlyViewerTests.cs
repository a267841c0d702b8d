using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Live.Tests;

/// <summary>A dashboard that is there before the feed's media is: a tile appears as its feed starts (its init
/// accepted), before any whole segment, and must still play once the segments come; a DASH push whose sound init comes
/// after its first picture fragment must still be heard.</summary>
public sealed class EarlyViewerTests
{
    [Fact]
    public async Task An_hls_tile_opened_before_the_first_segment_plays_once_it_comes()
    {
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"));
        var folder = await SoundPusher.FilesAsync(sound: true, seconds: 12);
        var media = Enumerable.Range(0, 12).Select(i => $"index{i}.m4s").Where(n => File.Exists(Path.Combine(folder, n)));
        var steps = await PacedAsync(server, "early-hls", folder, "hls", ["init.mp4"], media, "early-hls");

        Assert.Equal(["tile", "starting", "playing"], steps.Select(s => s.GetProperty("step").GetString()!));
        // The playlist asked for before the first segment: "not yet", said as such, not "no such feed".
        Assert.Equal((404, "relay-feed-starting", "1"), (steps[1].GetProperty("status").GetInt32(),
            steps[1].GetProperty("code").GetString(), steps[1].GetProperty("retryAfter").GetString()));
        Assert.StartsWith("application/problem+json", steps[1].GetProperty("type").GetString());
        Assert.True(steps[2].GetProperty("videoWidth").GetInt32() > 0);
        Assert.Equal("yes", steps[2].GetProperty("audio").GetString());

        // A feed that never started is still "no such feed", without Retry-After.
        using var operatorClient = server.ClientFor(Roles.Operator, "op-early");
        var unknown = await operatorClient.GetAsync("/relay/never-started/index.m3u8");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("relay-feed-not-live", await unknown.Content.ReadAsStringAsync());
        Assert.Null(unknown.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_dash_push_whose_sound_init_comes_after_the_first_picture_fragment_is_heard()
    {
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"));
        var folder = await SoundPusher.DashFilesAsync(seconds: 12);
        // The picture's init and first segment (one fragment each) before the dashboard opens, the sound's init after
        // the tile has made its SourceBuffers, then both streams second by second.
        var rest = new List<string> { "init-stream1.m4s" };
        for (var i = 1; i <= 12; i++)
            foreach (var name in new[] { $"chunk-stream1-{i:D5}.m4s", $"chunk-stream0-{i + 1:D5}.m4s" })
                if (File.Exists(Path.Combine(folder, name))) rest.Add(name);
        var steps = await PacedAsync(server, "late-sound", folder, "socket", ["init-stream0.m4s", "chunk-stream0-00001.m4s"], rest, "late-sound");

        Assert.Equal(["tile", "playing"], steps.Select(s => s.GetProperty("step").GetString()!));
        Assert.True(steps[1].GetProperty("videoWidth").GetInt32() > 0);
        Assert.Equal("yes", steps[1].GetProperty("audio").GetString());
        Assert.Matches("avc1.*mp4a|mp4a.*avc1", steps[1].GetProperty("types").GetString());
        Assert.True(steps[1].GetProperty("decodedAudio").GetInt64() > 0, "the tile decoded sound");
    }

    private static async Task<List<JsonElement>> PacedAsync(TestServer server, string feed, string folder, string mode,
        IEnumerable<string> first, IEnumerable<string> rest, string screenshot)
    {
        try
        {
            var run = await ExternalProcess.RunAsync("node", [Path.Combine(TestEnvironment.RepositoryRoot, "tests/tools/dashboard-paced.mjs"),
                server.Address.ToString().TrimEnd('/'), server.Token(Roles.Operator, "op-early"), server.Token(Roles.Terminal, "early-terminal"),
                feed, folder, mode, "1000", TerminalTestKit.Screenshot(screenshot + ".png"), string.Join(",", first), string.Join(",", rest)],
                timeout: TimeSpan.FromMinutes(3));
            return TerminalTestKit.Steps(run);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
