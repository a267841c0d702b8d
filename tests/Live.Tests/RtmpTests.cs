using Cameras.TestSupport;

namespace Cameras.Live.Tests;

/// <summary>RTMP as a native app (Larix Broadcaster) pushes it, through the real nginx-rtmp the server runs: the
/// dashboard tile plays, sound is kept (remux, no re-encode), two terminals push at once on the one port, and a wrong
/// key is refused by nginx and stores nothing.</summary>
public sealed class RtmpTests
{
    [Fact]
    public async Task Rtmp_pushes_with_sound_play_on_the_dashboard_two_at_once()
    {
        var (server, port, _) = await TerminalTestKit.StartAsync();
        await using var _ = server;
        var key = await TerminalTestKit.PublishKeyAsync(server, "phone-r1");
        var otherKey = await TerminalTestKit.PublishKeyAsync(server, "phone-r2");
        var browser = TerminalTestKit.DashboardTileAsync(server, "rtmp-one", "rtmp-dashboard.png");
        using var first = TerminalTestKit.Push("flv", $"rtmp://127.0.0.1:{port}/live/rtmp-one?token={key}&camera=CAM-R1&officer=O-71", 30);
        using var second = TerminalTestKit.Push("flv", $"rtmp://127.0.0.1:{port}/live/rtmp-two?token={otherKey}&camera=CAM-R2", 12);

        var steps = TerminalTestKit.Steps(await browser);
        Assert.Equal(["tile", "playing"], steps.Select(s => s.GetProperty("step").GetString()!));
        Assert.Equal(320, steps[1].GetProperty("videoWidth").GetInt32());
        Assert.True(steps[1].GetProperty("currentTime").GetDouble() > steps[1].GetProperty("firstTime").GetDouble());

        await Pusher.WaitAsync(second, TimeSpan.FromSeconds(60));
        var two = await TerminalTestKit.EndedAsync(server, "rtmp-two");
        Assert.Equal(("phone-r2", "CAM-R2", "end-of-list"), (two.Terminal, two.Camera, two.EndReason));
        // init and a segment every second or two (a keyframe arriving a little early waits for the next one)
        Assert.True(two.Segments >= 4, $"{two.Segments} segments stored for 12 s");
        Assert.Equal("h264,aac", await TerminalTestKit.StoredCodecsAsync(server, "rtmp-two"));

        await Pusher.WaitAsync(first, TimeSpan.FromSeconds(60));
        var one = await TerminalTestKit.EndedAsync(server, "rtmp-one");
        Assert.Equal(("phone-r1", "CAM-R1", "O-71", "end-of-list"), (one.Terminal, one.Camera, one.Officer, one.EndReason));
    }

    [Fact]
    public async Task The_measured_delay_of_an_RTMP_tile_is_what_the_loopback_path_takes()
    {
        var (server, port, _) = await TerminalTestKit.StartAsync();
        await using var _ = server;
        var key = await TerminalTestKit.PublishKeyAsync(server, "phone-d1");
        // The low-latency tile (the dashboard's default), whose « délai mesuré » reads the prft of each fragment.
        var browser = ExternalProcess.RunAsync("node", [Path.Combine(TestEnvironment.RepositoryRoot, "tests/tools/dashboard-live.mjs"),
            server.Address.ToString().TrimEnd('/'), server.Token(Cameras.Evidence.Security.Roles.Operator, "op-delay"), "rtmp-delay",
            TerminalTestKit.Screenshot("rtmp-delay.png")], timeout: TimeSpan.FromMinutes(3));
        await DashboardListening.WaitAsync(TerminalTestKit.Screenshot("rtmp-delay.png"), browser);
        using var push = TerminalTestKit.Push("flv", $"rtmp://127.0.0.1:{port}/live/rtmp-delay?token={key}", 15);

        var steps = TerminalTestKit.Steps(await browser);
        var delay = steps.Single(s => s.GetProperty("step").GetString() == "playing").GetProperty("delayMs").GetDouble();
        // ffmpeg on this machine into nginx, the remuxer, the relay and Media Source: well under a second and a half
        // even on a loaded machine. ffmpeg's own prft (the picture's raw first dts against its wall clock) said 2 s more.
        Assert.InRange(delay, 0, 1500);
        await Pusher.WaitAsync(push, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_wrong_key_or_another_terminals_feed_is_refused_and_stores_nothing()
    {
        var (server, port, _) = await TerminalTestKit.StartAsync();
        await using var _ = server;
        using (var wrong = TerminalTestKit.Push("flv", $"rtmp://127.0.0.1:{port}/live/rtmp-wrong?token=kNotAKeyAtAll0000", 5))
        {
            await wrong.WaitForExitAsync();
            Assert.NotEqual(0, wrong.ExitCode);
        }
        Assert.Null(await TerminalTestKit.FeedAsync(server, "rtmp-wrong"));
        Assert.Equal(0, await TerminalTestKit.LedgerEventsAsync(server, "rtmp-wrong"));

        // A feed another terminal claimed: refused the same way, and the feed is left as it was.
        await TerminalTestKit.ClaimAsync(server, "rtmp-owned", "phone-owner");
        var events = await TerminalTestKit.LedgerEventsAsync(server, "rtmp-owned");
        var segments = await TerminalTestKit.SegmentsAsync(server, "rtmp-owned");
        Assert.Equal(2, segments.Count);
        var intruder = await TerminalTestKit.PublishKeyAsync(server, "phone-intruder");
        using (var push = TerminalTestKit.Push("flv", $"rtmp://127.0.0.1:{port}/live/rtmp-owned?token={intruder}", 5))
        {
            await push.WaitForExitAsync();
            Assert.NotEqual(0, push.ExitCode);
        }
        Assert.Equal(segments, await TerminalTestKit.SegmentsAsync(server, "rtmp-owned"));
        Assert.Equal(events, await TerminalTestKit.LedgerEventsAsync(server, "rtmp-owned"));
        Assert.Equal("phone-owner", (await TerminalTestKit.FeedAsync(server, "rtmp-owned"))!.Terminal);
    }
}
