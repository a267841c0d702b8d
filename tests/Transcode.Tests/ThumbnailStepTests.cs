using System.Globalization;
using Cameras.TestSupport;
using Cameras.Transcode.Ffmpeg;
using Cameras.Transcode.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cameras.Transcode.Tests;

/// <summary>The thumbnails' two ffmpeg runs, with the real ffmpeg: which keyframes are decoded, and what comes out.</summary>
public sealed class ThumbnailStepTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("cameras-thumbnails-");
    private readonly FfmpegTool _ffmpeg = new(NullLogger<FfmpegTool>.Instance);

    [Theory]
    [InlineData(null)] // as ffmpeg writes it: 12,800 units a second
    [InlineData(25)]
    [InlineData(90000)]
    public async Task Only_the_keyframe_opening_each_stretch_is_kept_for_decoding(int? timescale)
    {
        // A keyframe every 0.2 s, as a camera tuned for seeking might write: 50 in 10 s, of which 5 are needed.
        var clip = await TestMedia.H264Async(_folder.FullName, seconds: 10, keyframeEvery: 5);
        if (timescale is { } units) clip = await RemuxAsync(clip, ["-video_track_timescale", units.ToString(CultureInfo.InvariantCulture)]);
        var probe = await _ffmpeg.ProbeAsync(clip, CancellationToken.None);
        Assert.Equal(timescale ?? 12800, probe.VideoTimescale);

        var packets = await SelectAsync(clip, 2, probe.VideoTimescale);

        Assert.Equal([0.0, 2.0, 4.0, 6.0, 8.0], packets.Select(p => Math.Round(p.Seconds, 2)));
        Assert.All(packets, p => Assert.True(p.Key, $"the packet at {p.Seconds} s is not a keyframe"));
    }

    [Fact]
    public async Task Keyframes_further_apart_than_the_stretch_are_each_kept()
    {
        var clip = await TestMedia.H264Async(_folder.FullName, seconds: 10, keyframeEvery: 75); // every 3 s
        var probe = await _ffmpeg.ProbeAsync(clip, CancellationToken.None);

        var packets = await SelectAsync(clip, 1, probe.VideoTimescale);

        Assert.Equal([0.0, 3.0, 6.0, 9.0], packets.Select(p => Math.Round(p.Seconds, 2)));
    }

    [Fact]
    public async Task Without_a_timescale_every_keyframe_is_kept_and_nothing_else()
    {
        // An MPEG-TS demuxer does not skip frames itself: the filter drops them.
        var clip = await RemuxAsync(await TestMedia.H264Async(_folder.FullName, seconds: 4, keyframeEvery: 10), [], "clip.ts");

        var packets = await SelectAsync(clip, 2, timescale: null);

        Assert.Equal(10, packets.Count);
        Assert.All(packets, p => Assert.True(p.Key, $"the packet at {p.Seconds} s is not a keyframe"));
    }

    [Theory]
    [InlineData(4, 1, 1)] // a short clip: one run decoding its keyframes
    [InlineData(12, 1, 2)] // longer: keyframes selected, then decoded
    [InlineData(1, 10, 1)] // shorter than half a stretch: still a strip, of one thumbnail
    public async Task A_poster_and_a_strip_are_rendered(int seconds, int everySeconds, int runs)
    {
        var clip = await TestMedia.H264Async(_folder.FullName, seconds: seconds, size: "320x240", keyframeEvery: 5);
        var probe = await _ffmpeg.ProbeAsync(clip, CancellationToken.None);

        var commands = ThumbnailStep.Commands(probe, everySeconds);
        Assert.Equal(runs, commands.Count);
        foreach (var command in commands)
            await _ffmpeg.RunAsync(command.Resolve(clip, _folder.FullName), null, null, CancellationToken.None);

        Assert.Equal((640, 480), await SizeAsync(Path.Combine(_folder.FullName, ThumbnailStep.Poster)));
        // Thumbnails of 160×120 in 10×10 tiles: a single strip, 1600×1200.
        Assert.Equal((1600, 1200), await SizeAsync(Path.Combine(_folder.FullName, "strip_001.jpg")));
        Assert.False(File.Exists(Path.Combine(_folder.FullName, "strip_002.jpg")));
    }

    private async Task<List<(double Seconds, bool Key)>> SelectAsync(string clip, int everySeconds, int? timescale)
    {
        await _ffmpeg.RunAsync(ThumbnailStep.SelectKeyframes(everySeconds, timescale).Resolve(clip, _folder.FullName),
            null, null, CancellationToken.None);
        return await PacketsAsync(Path.Combine(_folder.FullName, ThumbnailStep.Keyframes));
    }

    private async Task<string> RemuxAsync(string clip, string[] options, string name = "remuxed.mp4")
    {
        var output = Path.Combine(_folder.FullName, name);
        var result = await ExternalProcess.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-i", clip, "-c", "copy", .. options, output]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return output;
    }

    private static async Task<List<(double Seconds, bool Key)>> PacketsAsync(string file)
    {
        var result = await ExternalProcess.RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", file]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(','))
            .Select(f => (double.Parse(f[0], CultureInfo.InvariantCulture), f[1].Contains('K', StringComparison.Ordinal)))
            .ToList();
    }

    private static async Task<(int, int)> SizeAsync(string image)
    {
        var result = await ExternalProcess.RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", image]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var fields = result.Stdout.Trim().Split(',');
        return (int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
