using System.Text.Json;
using Cameras.Evidence.Security;
using Cameras.TestSupport;

namespace Cameras.Live.Tests;

/// <summary>
/// Terminals push picture and sound (AAC) with ffmpeg, as HLS (muxed) and progressive DASH (sound in a stream of its
/// own), with the token in a header and in the URL. In Chromium each dashboard tile plays its picture and decodes its
/// sound, starts muted and unmutes with its toggle; the enlarged tile has a volume. The HLS relay probes with its sound.
/// </summary>
public sealed class SoundTests
{
    [Fact]
    public async Task Pushes_with_sound_play_with_sound_in_the_dashboard_and_the_hls_relay()
    {
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"));
        var cases = new (string Mode, SoundPusher.Token Token, string? Source)[]
        {
            ("hls", SoundPusher.Token.Header, "browser"), ("hls", SoundPusher.Token.Url, null),
            ("dash", SoundPusher.Token.Header, "rtmp"), ("dash", SoundPusher.Token.Url, null),
        };
        var feeds = cases.Select(c => $"snd-{c.Mode}-{c.Token.ToString().ToLowerInvariant()}").ToArray();
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, ".test-results");
        Directory.CreateDirectory(folder);
        var screenshot = Path.Combine(folder, "live-sound.png");
        var pushers = cases.Select((c, i) => SoundPusher.Start(c.Mode, server.Address, feeds[i], $"terminal-{i}",
            server.Token(Roles.Terminal, $"terminal-{i}"), c.Token, 40, c.Source)).ToList();
        try
        {
            var browser = await ExternalProcess.RunAsync("node", [Path.Combine(TestEnvironment.RepositoryRoot, "tests/tools/dashboard-sound.mjs"),
                server.Address.ToString().TrimEnd('/'), server.Token(Roles.Operator, "op-sound"), screenshot, .. feeds], timeout: TimeSpan.FromMinutes(3));
            Assert.True(browser.ExitCode == 0, browser.Stdout + browser.Stderr);
            var lines = browser.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            for (var i = 0; i < feeds.Length; i++)
            {
                var tile = lines[i];
                Assert.Equal(feeds[i], tile.GetProperty("feed").GetString());
                Assert.True(tile.GetProperty("currentTime").GetDouble() > tile.GetProperty("firstTime").GetDouble(), tile.ToString());
                Assert.Equal(320, tile.GetProperty("videoWidth").GetInt32());
                Assert.True(tile.GetProperty("audioBytes").GetInt64() > 0, tile.ToString());
                Assert.Equal("yes", tile.GetProperty("audio").GetString());
                Assert.Contains("mp4a.40.2", tile.GetProperty("types").GetString());
                Assert.Contains("avc1.", tile.GetProperty("types").GetString());
                Assert.True(tile.GetProperty("mutedAtStart").GetBoolean(), "a tile starts muted (autoplay)");
                Assert.False(tile.GetProperty("mutedAfterToggle").GetBoolean(), "the sound toggle unmutes");
                Assert.Equal(cases[i].Source ?? "ffmpeg", tile.GetProperty("source").GetString());
            }
            Assert.Equal(0.3, lines[^1].GetProperty("volume").GetDouble(), 2);
            Assert.True(File.Exists(screenshot));

            // The HLS relay: muxed (one media playlist) and separate (a multivariant playlist with an audio rendition).
            foreach (var feed in feeds)
            {
                var probe = await ExternalProcess.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name",
                    "-of", "default=nw=1", new Uri(server.Address, $"/relay/{feed}/index.m3u8?reason=test&access_token={server.Token(Roles.Operator)}").ToString()]);
                Assert.True(probe.ExitCode == 0, probe.Stderr);
                Assert.Contains("codec_name=h264", probe.Stdout);
                Assert.Contains("codec_name=aac", probe.Stdout);
                Assert.Contains("codec_type=audio", probe.Stdout);
            }
            using var op = server.ClientFor(Roles.Operator);
            var master = await op.GetStringAsync($"/relay/{feeds[2]}/index.m3u8?reason=test");
            Assert.Contains("#EXT-X-MEDIA:TYPE=AUDIO", master);
            Assert.Matches("CODECS=\"avc1\\.[0-9a-f]{6},mp4a\\.40\\.2\"", master);
            var list = await op.GetStringAsync("/api/live/feeds");
            Assert.Contains("\"source\":\"rtmp\"", list);
        }
        finally
        {
            foreach (var pusher in pushers)
            {
                if (!pusher.HasExited) pusher.Kill();
                pusher.Dispose();
            }
        }
    }
}
