using Cameras.TestSupport;
using Cameras.Transcode.Ffmpeg;
using Cameras.Transcode.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cameras.Transcode.Tests;

public sealed class FfmpegRunnerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("cameras-ffmpeg-");
    private readonly FfmpegRunner _ffmpeg = new(NullLogger<FfmpegRunner>.Instance);

    [Fact]
    public async Task Probe_reads_duration_codecs_and_size()
    {
        var clip = await TestMedia.H264Async(_folder.FullName, seconds: 3, size: "320x240");
        var probe = await _ffmpeg.ProbeAsync(clip, CancellationToken.None);

        Assert.Equal("h264", probe.VideoCodec);
        Assert.Equal("aac", probe.AudioCodec);
        Assert.Equal((320, 240), (probe.Width, probe.Height));
        Assert.InRange(probe.DurationSeconds!.Value, 2.9, 3.2);
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
    public async Task A_transcode_reports_progress_up_to_the_end()
    {
        var clip = await TestMedia.H264Async(_folder.FullName, seconds: 4);
        var reports = new List<double>();
        var progress = new SynchronousProgress(reports);
        var output = Path.Combine(_folder.FullName, "out.mp4");

        await _ffmpeg.TranscodeAsync(["-i", clip, "-c:v", "libx264", "-preset", "ultrafast", "-y", output], 4, progress, CancellationToken.None);

        Assert.NotEmpty(reports);
        Assert.True(reports[^1] > 0.9, $"last progress {reports[^1]}");
        Assert.True(File.Exists(output));
    }

    [Fact]
    public async Task Cancelling_a_transcode_kills_ffmpeg()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var output = Path.Combine(_folder.FullName, "endless.mp4");
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _ffmpeg.TranscodeAsync(
            ["-f", "lavfi", "-i", "testsrc2=size=640x480:rate=25", "-c:v", "libx264", "-preset", "ultrafast", "-y", output],
            null, null, cancel.Token));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        var ffmpegs = await ExternalProcess.RunAsync("pgrep", ["-f", output]);
        Assert.Equal(1, ffmpegs.ExitCode); // pgrep: no process matched
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
