using System.Globalization;

namespace Cameras.TestSupport;

/// <summary>Clips made with the real ffmpeg, the way a camera's files would look, in a folder of the caller's.</summary>
public static class TestMedia
{
    /// <summary>An H.264/AAC MP4 of a moving test pattern with a tone, a keyframe every <paramref name="keyframeEvery"/> frames (25 a second).</summary>
    public static Task<string> H264Async(string folder, int seconds = 4, string size = "320x240", string name = "clip.mp4", int keyframeEvery = 25) =>
        MakeAsync(folder, name, seconds, size,
            ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", keyframeEvery.ToString(CultureInfo.InvariantCulture), "-c:a", "aac"]);

    /// <summary>An HEVC MP4, as some cameras record.</summary>
    public static Task<string> HevcAsync(string folder, int seconds = 3, string size = "320x240", string name = "clip-hevc.mp4") =>
        MakeAsync(folder, name, seconds, size, ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error",
            "-tag:v", "hvc1", "-pix_fmt", "yuv420p", "-c:a", "aac"]);

    /// <summary>An MPEG-4 Part 2 file: quick to make, and needs a real transcode to become H.264.</summary>
    public static Task<string> Mpeg4Async(string folder, int seconds, string size, string name = "clip-mpeg4.mp4") =>
        MakeAsync(folder, name, seconds, size, ["-c:v", "mpeg4", "-q:v", "5", "-c:a", "aac"]);

    private static async Task<string> MakeAsync(string folder, string name, int seconds, string size, IEnumerable<string> codec)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        var result = await ExternalProcess.RunAsync("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", $"testsrc2=size={size}:rate=25:duration={seconds}",
            "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}",
            .. codec, "-shortest", path,
        ], timeout: TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0) throw new InvalidOperationException($"ffmpeg could not make {name}: {result.Stderr}");
        return path;
    }
}
