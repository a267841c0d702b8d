using Cameras.TestSupport;
using Cameras.Transcode.Ffmpeg;
using Cameras.Transcode.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cameras.Transcode.Tests;

/// <summary>ffmpeg and ffprobe through FFMpegCore: the probe's typed model, progress, cancellation, and the argument vector that runs.</summary>
public sealed class FfmpegToolTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("cameras-ffmpeg-");
    private readonly FfmpegTool _ffmpeg = new(NullLogger<FfmpegTool>.Instance);

    [Fact]
    public async Task Probe_reads_duration_codecs_size_and_timescale()
    {
        var clip = await TestMedia.H264Async(_folder.FullName, seconds: 3, size: "320x240");
        var probe = await _ffmpeg.ProbeAsync(clip, CancellationToken.None);

        Assert.Equal("h264", probe.VideoCodec);
        Assert.Equal("aac", probe.AudioCodec);
        Assert.Equal((320, 240), (probe.Width, probe.Height));
        Assert.InRange(probe.DurationSeconds!.Value, 2.9, 3.2);
        Assert.NotNull(probe.VideoTimescale);
        // The catalog's JSON is ffprobe's, times in seconds.
        var catalog = System.Text.Json.JsonDocument.Parse(probe.CatalogJson).RootElement;
        Assert.InRange(double.Parse(catalog.GetProperty("format").GetProperty("duration").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture), 2.9, 3.2);
        Assert.Contains(catalog.GetProperty("streams").EnumerateArray(), s => s.GetProperty("codec_type").GetString() == "video");
        Assert.True(ProxyStep.CanRemux(probe));
    }

    [Fact]
    public async Task Probe_of_a_file_that_is_not_media_fails_with_ffprobes_reason()
    {
        var text = Path.Combine(_folder.FullName, "notes.mp4");
        await File.WriteAllTextAsync(text, "this is not a video");
        var error = await Assert.ThrowsAsync<FfmpegException>(() => _ffmpeg.ProbeAsync(text, CancellationToken.None));
        Assert.Contains("Invalid data", error.Message);
    }

    [Fact]
    public async Task A_transcode_reports_progress_up_to_the_end_and_returns_the_arguments_that_ran()
    {
        var clip = await TestMedia.H264Async(_folder.FullName, seconds: 4);
        var reports = new List<double>();
        var output = Path.Combine(_folder.FullName, "out put.mp4"); // a space: the command line must still split right
        var command = new FfmpegCommand([new FfmpegInput([], clip)], ["-c:v", "libx264", "-preset", "ultrafast"], output);

        var ran = await _ffmpeg.RunAsync(command, 4, new SynchronousProgress(reports), CancellationToken.None);

        Assert.NotEmpty(reports);
        Assert.True(reports[^1] > 0.9, $"last progress {reports[^1]}");
        Assert.True(File.Exists(output));
        Assert.Equal([.. FfmpegCommand.Prefix, "-i", clip, "-c:v", "libx264", "-preset", "ultrafast", output], ran);
    }

    [Fact]
    public async Task A_failed_run_says_what_ffmpeg_said()
    {
        var command = new FfmpegCommand([new FfmpegInput([], Path.Combine(_folder.FullName, "missing.mp4"))], ["-c", "copy"],
            Path.Combine(_folder.FullName, "never.mp4"));
        var error = await Assert.ThrowsAsync<FfmpegException>(() => _ffmpeg.RunAsync(command, null, null, CancellationToken.None));
        Assert.Contains("No such file", error.Message);
    }

    [Fact]
    public async Task Cancelling_a_transcode_kills_ffmpeg()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var output = Path.Combine(_folder.FullName, "endless.mp4");
        var started = DateTime.UtcNow;
        var command = new FfmpegCommand([new FfmpegInput(["-f", "lavfi"], "testsrc2=size=640x480:rate=25")],
            ["-c:v", "libx264", "-preset", "ultrafast"], output);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _ffmpeg.RunAsync(command, null, null, cancel.Token));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        var ffmpegs = await ExternalProcess.RunAsync("pgrep", ["-f", output]);
        Assert.Equal(1, ffmpegs.ExitCode); // pgrep: no process matched
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("with space")]
    [InlineData("noise=drop=if(key\\,gte(t\\,1)\\,1)")]
    [InlineData("quote\"inside")]
    [InlineData("trailing\\")]
    [InlineData("")]
    public void Joined_arguments_split_back_into_themselves(string argument)
    {
        string[] arguments = ["-i", argument, "x"];
        Assert.Equal(arguments, Cameras.Evidence.CommandLine.Split(Cameras.Evidence.CommandLine.Join(arguments)));
    }

    [Fact]
    public async Task The_version_names_ffmpeg()
    {
        Assert.StartsWith("ffmpeg version ", await _ffmpeg.VersionAsync(CancellationToken.None));
    }

    private sealed class SynchronousProgress(List<double> reports) : IProgress<double>
    {
        public void Report(double value)
        {
            lock (reports) reports.Add(value);
        }
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
