using Cameras.TestSupport;

namespace Cameras.Live.Tests;

/// <summary>SRT as a native app (Larix Broadcaster) pushes it, MPEG-TS through the real libsrt listener the server runs: the
/// dashboard tile plays, sound is kept (remux, no re-encode), two terminals push at once on the one port, and a wrong
/// key is refused in the SRT handshake and stores nothing.</summary>
public sealed class SrtTests
{
    [Fact]
    public async Task Srt_pushes_with_sound_play_on_the_dashboard_two_at_once()
    {
        var (server, _, port) = await TerminalTestKit.StartAsync();
        await using var _ = server;
        var key = await TerminalTestKit.PublishKeyAsync(server, "phone-s1");
        var otherKey = await TerminalTestKit.PublishKeyAsync(server, "phone-s2");
        var browser = TerminalTestKit.DashboardTileAsync(server, "srt-one", "srt-dashboard.png");
        // connect_timeout: the caller's wait for the handshake (3 s by default), which the listener's first check in a
        // cold process can exceed on this shared machine; a phone retries on its own, ffmpeg does not.
        using var first = TerminalTestKit.Push("mpegts", $"srt://127.0.0.1:{port}?streamid=publish:srt-one:{key}:camera=CAM-S1&connect_timeout=10000", 30);
        using var second = TerminalTestKit.Push("mpegts", $"srt://127.0.0.1:{port}?streamid=publish:srt-two:{otherKey}:camera=CAM-S2&connect_timeout=10000", 12);

        var steps = TerminalTestKit.Steps(await browser);
        Assert.Equal(["tile", "playing"], steps.Select(s => s.GetProperty("step").GetString()!));
        Assert.Equal(320, steps[1].GetProperty("videoWidth").GetInt32());
        Assert.True(steps[1].GetProperty("currentTime").GetDouble() > steps[1].GetProperty("firstTime").GetDouble());

        await Pusher.WaitAsync(second, TimeSpan.FromSeconds(60));
        var two = await TerminalTestKit.EndedAsync(server, "srt-two");
        Assert.Equal(("phone-s2", "CAM-S2", "end-of-list"), (two.Terminal, two.Camera, two.EndReason));
        // init and a segment every second or two (a keyframe arriving a little early waits for the next one)
        Assert.True(two.Segments >= 4, $"{two.Segments} segments stored for 12 s");
        Assert.Equal("h264,aac", await TerminalTestKit.StoredCodecsAsync(server, "srt-two"));

        await Pusher.WaitAsync(first, TimeSpan.FromSeconds(60));
        var one = await TerminalTestKit.EndedAsync(server, "srt-one");
        // (ffmpeg cannot put a '&' in a stream id, so only the camera here; SrtStreamIdTests reads several.)
        Assert.Equal(("phone-s1", "CAM-S1", "end-of-list"), (one.Terminal, one.Camera, one.EndReason));
    }

    [Fact]
    public async Task A_wrong_key_or_another_terminals_feed_is_refused_and_stores_nothing()
    {
        var (server, _, port) = await TerminalTestKit.StartAsync();
        await using var _ = server;
        using (var wrong = TerminalTestKit.Push("mpegts", $"srt://127.0.0.1:{port}?streamid=publish:srt-wrong:kNotAKeyAtAll0000", 5))
        {
            await wrong.WaitForExitAsync();
            Assert.NotEqual(0, wrong.ExitCode);
        }
        Assert.Null(await TerminalTestKit.FeedAsync(server, "srt-wrong"));
        Assert.Equal(0, await TerminalTestKit.LedgerEventsAsync(server, "srt-wrong"));

        // A feed another terminal claimed: refused the same way, and the feed is left as it was.
        await TerminalTestKit.ClaimAsync(server, "srt-owned", "phone-owner");
        var events = await TerminalTestKit.LedgerEventsAsync(server, "srt-owned");
        var segments = await TerminalTestKit.SegmentsAsync(server, "srt-owned");
        Assert.Equal(2, segments.Count);
        var intruder = await TerminalTestKit.PublishKeyAsync(server, "phone-intruder");
        using (var push = TerminalTestKit.Push("mpegts", $"srt://127.0.0.1:{port}?streamid=publish:srt-owned:{intruder}", 5))
        {
            await push.WaitForExitAsync();
            Assert.NotEqual(0, push.ExitCode);
        }
        Assert.Equal(segments, await TerminalTestKit.SegmentsAsync(server, "srt-owned"));
        Assert.Equal(events, await TerminalTestKit.LedgerEventsAsync(server, "srt-owned"));
        Assert.Equal("phone-owner", (await TerminalTestKit.FeedAsync(server, "srt-owned"))!.Terminal);
    }
}
