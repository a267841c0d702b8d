using Cameras.Evidence.Security;
using Cameras.Ingest.Ffmpeg;
using Cameras.Ingest.Gateway;
using Cameras.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cameras.Live.Tests;

/// <summary>The gateway's remuxer, cancelled while its input still flows (a publish the gateway stops): FFMpegCore tells
/// ffmpeg to stop, ffmpeg exits (no process left), the remuxer returns and the feed is ended by end-of-list.</summary>
public sealed class RemuxerStopTests
{
    [Fact]
    public async Task Cancelling_a_remux_stops_its_ffmpeg_and_ends_the_feed()
    {
        await using var server = await TestServer.StartAsync(ServerRoles.Parse("ingest,commandroom,evidence"));
        var folder = Directory.CreateTempSubdirectory("cameras-remux-stop-").FullName;
        try
        {
            var source = Path.Combine(folder, "endless.ts");
            var encode = await ExternalProcess.RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "2",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "mpegts", source]);
            Assert.True(encode.ExitCode == 0, encode.Stderr);
            var uploader = new FeedUploader(server.Services.GetRequiredService<LocalIngest>(),
                new FeedIdentity("remux-stop", server.Token(Roles.Terminal, "phone-remux"), "rtmp", null, null, null));
            using var stop = new CancellationTokenSource();
            // Looped at its own pace, the input never ends: only the cancellation stops this ffmpeg.
            var run = new FeedRemuxer(uploader, TimeProvider.System, NullLogger.Instance)
                .RunAsync(LiveFfmpegInput.Url(source, "-re", "-stream_loop", "-1"), stop.Token);
            await Eventually.ThatAsync(() => TerminalTestKit.FeedAsync(server, "remux-stop"), f => f is { Segments: >= 3 }, TimeSpan.FromSeconds(60),
                "the remuxed feed's first segments");
            Assert.Single(Ffmpegs(source));

            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Empty(Ffmpegs(source));
            Assert.Equal("end-of-list", (await TerminalTestKit.EndedAsync(server, "remux-stop")).EndReason);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The ffmpeg processes reading <paramref name="input"/>.</summary>
    private static List<int> Ffmpegs(string input) => ProcFs.Where(pid =>
        File.ReadAllText($"/proc/{pid}/cmdline").Split('\0') is [var program, .. var rest] && program.EndsWith("ffmpeg") && rest.Contains(input));
}
